using System.Collections.Generic;

namespace NhiTools.Engine.Scan
{
    /// <summary>Maps a character offset to a 1-based line and column.</summary>
    internal sealed class LineIndex
    {
        private readonly List<int> _starts = new List<int> { 0 };
        private readonly string _text;

        public LineIndex(string text)
        {
            _text = text;
            int i = 0;
            while ((i = text.IndexOf('\n', i)) >= 0) { i++; _starts.Add(i); }
        }

        public int Count => _starts.Count;

        /// <summary>0-based line of an offset.</summary>
        public int LineOf(int offset)
        {
            int lo = 0, hi = _starts.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (_starts[mid] <= offset) lo = mid; else hi = mid - 1;
            }
            return lo;
        }

        public int StartOf(int line) => _starts[line];

        /// <summary>End of a 0-based line, excluding the line break.</summary>
        public int EndOf(int line)
        {
            int end = line + 1 < _starts.Count ? _starts[line + 1] - 1 : _text.Length;
            if (end > _starts[line] && end - 1 < _text.Length && end - 1 >= 0 && _text[end - 1] == '\r') end--;
            return end;
        }
    }
}
