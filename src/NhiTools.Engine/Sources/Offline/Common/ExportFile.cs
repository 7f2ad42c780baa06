using System.IO;
using System.Text;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>
    /// Opens an export as UTF-8 bytes. Windows PowerShell 5.1 redirection (`aws ... > file.json`) writes
    /// UTF-16 with a BOM; those files are transcoded so every reader sees UTF-8 without a BOM.
    /// </summary>
    internal static class ExportFile
    {
        public static Stream OpenUtf8(string path)
        {
            // No FileStream buffer: callers read in large chunks (and a per-file buffer adds up over thousands of small files).
            var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var bom = new byte[3];
            int n = ReadFully(fs, bom, 3);
            if (n >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF)))
            {
                fs.Position = 0;
                string text;
                using (var sr = new StreamReader(fs, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
                    text = sr.ReadToEnd();
                return new MemoryStream(new UTF8Encoding(false).GetBytes(text));
            }
            fs.Position = n == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF ? 3 : 0;
            return fs;
        }

        public static int ReadFully(Stream s, byte[] buffer, int count)
        {
            int total = 0;
            while (total < count)
            {
                int r = s.Read(buffer, total, count - total);
                if (r == 0) break;
                total += r;
            }
            return total;
        }
    }
}
