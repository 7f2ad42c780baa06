using System.IO;
using System.Text;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>
    /// The largest line (CSV) or value (JSON) an export may hold. Real exports stay far below (a credential report row
    /// is under 1 KB, a Graph application rarely 1 MB); beyond it a file is refused with NhiInputTooLarge instead of
    /// growing one buffer until the process runs out of memory.
    /// </summary>
    internal static class InputLimits
    {
        public const int MaxTokenBytes = 64 * 1024 * 1024;
    }

    /// <summary>ReadLine with a length limit: a longer line throws NhiInputTooLarge after reading at most the limit.</summary>
    internal sealed class BoundedLineReader
    {
        private readonly TextReader _reader;
        private readonly string _path;
        private readonly StringBuilder _line = new StringBuilder();
        private readonly char[] _chunk = new char[8192];
        private int _pos, _len;
        private long _lineNo;

        public BoundedLineReader(TextReader reader, string path)
        {
            _reader = reader;
            _path = path;
        }

        public string ReadLine()
        {
            _line.Clear();
            _lineNo++;
            while (true)
            {
                if (_pos == _len)
                {
                    _len = _reader.Read(_chunk, 0, _chunk.Length);
                    _pos = 0;
                    if (_len <= 0) return _line.Length > 0 ? Take() : null;
                }
                int start = _pos;
                while (_pos < _len && _chunk[_pos] != '\n') _pos++;
                _line.Append(_chunk, start, _pos - start);
                if (_line.Length > InputLimits.MaxTokenBytes) throw Offline.OfflineErrors.TooLarge(_path, _lineNo, InputLimits.MaxTokenBytes);
                if (_pos < _len)
                {
                    _pos++; // the '\n'
                    return Take();
                }
            }
        }

        private string Take()
        {
            int n = _line.Length;
            if (n > 0 && _line[n - 1] == '\r') n--;
            return _line.ToString(0, n);
        }
    }
}
