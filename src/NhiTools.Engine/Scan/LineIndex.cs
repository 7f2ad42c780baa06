using System.Collections.Generic;

namespace NhiTools.Engine.Scan
{
    /// <summary>Maps a character offset to a 1-based line and column. Built on first use: most files never need it.</summary>
    internal sealed class LineIndex
    {
        private List<int> _starts;
        private readonly string _text;

        public LineIndex(string text) { _text = text; }

        private List<int> Starts => _starts ?? (_starts = Build(_text));

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static List<int> Build(string text)
        {
            var starts = new List<int> { 0 };
            int i = 0;
            while ((i = Literal.IndexOf(text, '\n', i)) >= 0) { i++; starts.Add(i); }
            return starts;
        }

        public int Count => Starts.Count;

        /// <summary>0-based line of an offset.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public int LineOf(int offset)
        {
            List<int> starts = Starts;
            int lo = 0, hi = starts.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
            }
            return lo;
        }

        public int StartOf(int line) => Starts[line];

        /// <summary>End of a 0-based line, excluding the line break.</summary>
        public int EndOf(int line)
        {
            List<int> starts = Starts;
            int end = line + 1 < starts.Count ? starts[line + 1] - 1 : _text.Length;
            if (end > starts[line] && end - 1 < _text.Length && end - 1 >= 0 && _text[end - 1] == '\r') end--;
            return end;
        }
    }
}
