using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Tests.Scan;
using NhiTools.Hosting;

// Usage:
//   SecretScanBench corpus <dir> [sizeMB=200]   generate a mixed corpus with planted fake secrets
//   SecretScanBench scan <dir> [runs=3] [threads=0] scan it and print MB/s (best and median of runs)
//   SecretScanBench labelled <dir>              write the labelled test corpus (positives filled + negatives) and expected.json
//   SecretScanBench compare <dir> <secretlint.json>  compare our hits and secretlint's (JSON formatter) with expected.json
//   SecretScanBench vectors <corpusDir> [secretlint.json]  recall/precision per label on the labelled vector corpus
string mode = args.Length > 0 ? args[0] : "";
switch (mode)
{
    case "corpus": Corpus.Generate(args[1], args.Length > 2 ? int.Parse(args[2]) : 200); break;
    case "scan": Bench.Scan(args[1], args.Length > 2 ? int.Parse(args[2]) : 3, args.Length > 3 ? int.Parse(args[3]) : 0); break;
    case "labelled": Labelled.Write(args[1]); break;
    case "compare": Labelled.Compare(args[1], args[2]); break;
    case "vectors": Vectors.Run(args[1], args.Length > 2 ? args[2] : null); break;
    case "profile": Profile.Run(args[1], args.Length > 2 ? int.Parse(args[2]) : 50); break;
    case "stages": Stages.Run(args[1], args.Length > 2 ? int.Parse(args[2]) : 2); break;
    case "rx": Profile.Rx(args[1], int.Parse(args[2]), args.Skip(3).ToArray()); break;
    default: Console.Error.WriteLine("modes: corpus | scan | labelled | compare | vectors"); return 2;
}
return 0;

static class Corpus
{
    static readonly string[] Exts = { ".ps1", ".json", ".yml", ".py", ".cs", ".tf", ".config", ".sh", ".md", ".log", ".env", ".xml" };

    public static void Generate(string dir, int sizeMb)
    {
        var rng = new Random(1234);
        var fakes = new FakeSecrets(99);
        Directory.CreateDirectory(dir);
        long target = sizeMb * 1024L * 1024L, written = 0;
        int file = 0, planted = 0;
        while (written < target)
        {
            string ext = Exts[rng.Next(Exts.Length)];
            int size = rng.Next(4 * 1024, 400 * 1024);
            var sb = new StringBuilder(size + 1024);
            while (sb.Length < size)
            {
                if (rng.Next(2000) == 0) { sb.Append(PlantedLine(rng, fakes)).Append('\n'); planted++; }
                else sb.Append(NoiseLine(rng)).Append('\n');
            }
            string sub = Path.Combine(dir, "d" + (file % 37).ToString("00"), "s" + (file % 5));
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(sub, "f" + file.ToString("00000") + ext), sb.ToString());
            written += sb.Length;
            file++;
        }
        Console.WriteLine($"corpus: {file} files, {written / 1048576.0:0.0} MB, {planted} planted lines in {dir}");
    }

    static string Word(Random r, int min = 3, int max = 10)
    {
        const string a = "abcdefghijklmnopqrstuvwxyz";
        var c = new char[r.Next(min, max)];
        for (int i = 0; i < c.Length; i++) c[i] = a[r.Next(a.Length)];
        return new string(c);
    }

    static string NoiseLine(Random r)
    {
        switch (r.Next(14))
        {
            case 0: return $"    \"{Word(r)}\": \"{Word(r)}-{Word(r)}\",";
            case 1: return $"$%{Word(r)} = Get-{Word(r)} -Name '{Word(r)}' -Verbose".Replace("%", "");
            case 2: return $"  {Word(r)}: {Word(r)} # {Word(r)} {Word(r)} {Word(r)}";
            case 3: return $"def {Word(r)}({Word(r)}, {Word(r)}=None):  return self.{Word(r)}[{r.Next(100)}]";
            case 4: return $"2026-10-{r.Next(1, 31):00}T{r.Next(24):00}:{r.Next(60):00}:00Z INFO request id={Guid.NewGuid()} status={r.Next(200, 504)} path=/api/{Word(r)}/{Word(r)}";
            case 5: return $"var {Word(r)} = new {Word(r)}Service(options.{Word(r)}, logger);";
            case 6: return $"resource \"aws_{Word(r)}\" \"{Word(r)}\" {{ name = \"{Word(r)}\" }}";
            case 7: return $"  <add key=\"{Word(r)}\" value=\"{Word(r)}\" />";
            case 8: return Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            case 9: return $"password: ${{{Word(r).ToUpperInvariant()}}}  token: ${{{{ secrets.{Word(r).ToUpperInvariant()} }}}}";
            case 10: return $"The {Word(r)} {Word(r)} the {Word(r)} of {Word(r)} and {Word(r)}, then {Word(r)} {Word(r)} {Word(r)}.";
            case 11: return $"commit {Guid.NewGuid():N}{r.Next(100000000):x8} Author: {Word(r)} <{Word(r)}@contoso.com>";
            case 12: return $"if ({Word(r)} == null) throw new ArgumentNullException(nameof({Word(r)}));";
            default: return $"echo \"{Word(r)} {Word(r)}\" && curl -s https://{Word(r)}.contoso.com/{Word(r)}?key={Word(r)}";
        }
    }

    static string PlantedLine(Random r, FakeSecrets f)
    {
        var fresh = new FakeSecrets(r.Next());
        switch (r.Next(6))
        {
            case 0: return "aws_access_key_id = " + fresh["AWS_KEY_ID"];
            case 1: return "GITHUB_TOKEN=" + fresh["GITHUB"];
            case 2: return "client_secret = \"" + fresh["ENTRA_SECRET"] + "\"";
            case 3: return "Server=tcp:x.database.windows.net;Database=app;User ID=app;Password=" + fresh["SQL_PASSWORD"] + ";";
            case 4: return "Authorization: Bearer " + fresh["JWT"];
            default: return "SLACK_TOKEN=" + fresh["SLACK"];
        }
    }
}

static class Bench
{
    public static void Scan(string dir, int runs, int threads)
    {
        var rates = new List<double>();
        int hits = 0; long bytes = 0;
        for (int i = 0; i < runs; i++)
        {
            var scanner = new SecretScanner(NullHostContext.Instance, new ScanOptions { MaxDegreeOfParallelism = threads });
            var proc = Process.GetCurrentProcess();
            TimeSpan cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var list = scanner.Scan(new[] { dir }).ToList();
            hits = list.Count;
            if (i == 0) Console.WriteLine(string.Join(", ", list.GroupBy(h => h.Kind).OrderBy(g => g.Key).Select(g => g.Key + "=" + g.Count())));
            // SCANBENCH_DUMP=<file>: every hit (path, line, column, kind, masked) to diff two builds' findings.
            string dump = Environment.GetEnvironmentVariable("SCANBENCH_DUMP");
            if (i == 0 && !string.IsNullOrEmpty(dump)) File.WriteAllLines(dump, list.Select(h => $"{h.Path}:{h.Line}:{h.Column} {h.Kind} {h.Masked}"));
            sw.Stop();
            bytes = scanner.BytesScanned;
            proc.Refresh();
            double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
            double mbs = bytes / 1048576.0 / sw.Elapsed.TotalSeconds;
            rates.Add(mbs);
            Console.WriteLine($"run {i + 1}: {scanner.FilesScanned} files, {bytes / 1048576.0:0.0} MB, {sw.Elapsed.TotalSeconds:0.00} s wall, {mbs:0.0} MB/s, " +
                $"{cpu:0.00} CPU-s = {bytes / 1048576.0 / cpu:0.0} MB per CPU-second, {hits} hits");
        }
        rates.Sort();
        Console.WriteLine($"best {rates.Last():0.0} MB/s, median {rates[rates.Count / 2]:0.0} MB/s with {(threads > 0 ? threads : Environment.ProcessorCount)} thread(s) on {Environment.ProcessorCount} cores");
    }
}

static class Labelled
{
    static string TestData => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "NhiTools.Engine.Tests", "TestData", "scan"));

    public static void Write(string dir)
    {
        var fakes = new FakeSecrets();
        var expected = new List<object>();
        foreach (string sub in new[] { "positives", "negatives" })
            foreach (string f in Directory.GetFiles(Path.Combine(TestData, sub)).OrderBy(x => x, StringComparer.Ordinal))
            {
                var (text, hits) = fakes.Fill(File.ReadAllText(f));
                string rel = sub + "/" + Path.GetFileName(f);
                Directory.CreateDirectory(Path.Combine(dir, sub));
                File.WriteAllText(Path.Combine(dir, rel), text);
                expected.AddRange(hits.Select(h => new { path = rel, line = h.Line, kind = h.Kind }));
            }
        File.WriteAllText(Path.Combine(dir, "expected.json"), JsonSerializer.Serialize(expected, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"{expected.Count} labelled secrets in {dir}");
    }

    public static void Compare(string dir, string secretlintJson)
    {
        dir = Path.GetFullPath(dir);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json"))).RootElement.EnumerateArray()
            .Select(e => (Path: e.GetProperty("path").GetString(), Line: e.GetProperty("line").GetInt32(), Kind: e.GetProperty("kind").GetString())).ToList();
        var ours = new SecretScanner(NullHostContext.Instance, new ScanOptions { Exclude = { "expected.json" } }).Scan(new[] { dir })
            .Select(h => (Path: Path.GetRelativePath(dir, h.Path).Replace('\\', '/'), h.Line, h.Kind)).ToList();
        var theirs = new List<(string Path, int Line, string Kind)>();
        foreach (JsonElement file in JsonDocument.Parse(File.ReadAllText(secretlintJson)).RootElement.EnumerateArray())
        {
            string p = Path.GetRelativePath(dir, file.GetProperty("filePath").GetString()).Replace('\\', '/');
            foreach (JsonElement m in file.GetProperty("messages").EnumerateArray())
                theirs.Add((p, m.GetProperty("loc").GetProperty("start").GetProperty("line").GetInt32(), m.GetProperty("ruleId").GetString() + ":" + m.GetProperty("messageId").GetString()));
        }
        Report("NhiTools", expected, ours.Select(o => (o.Path, o.Line, o.Kind)).ToList());
        Report("secretlint", expected, theirs);
    }

    static void Report(string tool, List<(string Path, int Line, string Kind)> expected, List<(string Path, int Line, string Kind)> found)
    {
        var foundAt = found.Select(f => (f.Path, f.Line)).ToHashSet();
        var expectedAt = expected.Select(e => (e.Path, e.Line)).ToHashSet();
        var tp = expected.Where(e => foundAt.Contains((e.Path, e.Line))).ToList();
        var fn = expected.Where(e => !foundAt.Contains((e.Path, e.Line))).ToList();
        var fp = found.Where(f => !expectedAt.Contains((f.Path, f.Line))).ToList();
        Console.WriteLine($"== {tool}: {tp.Count}/{expected.Count} planted found, {fp.Count} false positive(s)");
        foreach (var byKind in expected.GroupBy(e => e.Kind).OrderBy(g => g.Key))
            Console.WriteLine($"   {byKind.Key,-18} {byKind.Count(e => foundAt.Contains((e.Path, e.Line)))}/{byKind.Count()}");
        foreach (var m in fn) Console.WriteLine($"   missed {m.Path}:{m.Line} {m.Kind}");
        foreach (var m in fp) Console.WriteLine($"   false positive {m.Path}:{m.Line} {m.Kind}");
    }
}

/// <summary>Recall and precision on TestData/secret-corpus, ours beside secretlint's JSON output on the same files.</summary>
static class Vectors
{
    public static void Run(string dir, string secretlintJson)
    {
        var cases = SecretCorpus.Load(dir);
        var ours = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var h in new SecretScanner(NullHostContext.Instance).Scan(new[] { Path.Combine(dir, "cases") }))
        {
            string rel = "cases/" + Path.GetFileName(h.Path);
            if (!ours.TryGetValue(rel, out var set)) ours[rel] = set = new HashSet<string>();
            set.Add(h.Kind);
        }
        SortedDictionary<string, KindScore> theirs = null;
        if (secretlintJson != null)
        {
            var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            using (var doc = JsonDocument.Parse(File.ReadAllText(secretlintJson)))
                foreach (var f in doc.RootElement.EnumerateArray())
                {
                    var msgs = f.GetProperty("messages");
                    if (msgs.GetArrayLength() == 0) continue;
                    found["cases/" + Path.GetFileName(f.GetProperty("filePath").GetString())] =
                        new HashSet<string>(msgs.EnumerateArray().Select(m => m.GetProperty("ruleId").GetString()));
                }
            theirs = SecretCorpus.Score(cases, found);
        }
        Console.Write(SecretCorpus.Table(SecretCorpus.Score(cases, ours), theirs, "secretlint 13.0.6"));
    }
}

/// <summary>Where the time goes: each detector regex alone over the same texts (ungated), then the whole Detect.</summary>
static class Profile
{
    public static void Rx(string dir, int mb, string[] patterns)
    {
        var texts = Load(dir, mb, out long total);
        foreach (string p in patterns)
        {
            bool ci = p.StartsWith("(?i)");
            var rx = new System.Text.RegularExpressions.Regex(ci ? p.Substring(4) : p, System.Text.RegularExpressions.RegexOptions.Compiled | (ci ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : 0));
            foreach (var s in texts.Take(50)) rx.Matches(s).Count.ToString();
            foreach (var s in texts) rx.Matches(s).Count.ToString();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime; int n = 0;
            foreach (var s in texts) n += rx.Matches(s).Count;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            Console.WriteLine($"{total / 1048576.0 / cpu,8:0} MB/CPU-s {n,8} matches  {p.Substring(0, Math.Min(p.Length, 90))}");
        }
        foreach (string lit in new[] { "AKIA", "Q~", "eyJ", "ghp_", "://" })
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime; int n = 0;
            for (int k = 0; k < 5; k++) foreach (var s in texts) if (s.IndexOf(lit, StringComparison.Ordinal) >= 0) n++;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / 5;
            Console.WriteLine($"{total / 1048576.0 / cpu,8:0} MB/CPU-s IndexOf {lit} ({n / 5} files)");
        }
    }

    static List<string> Load(string dir, int mb, out long total)
    {
        var texts = new List<string>();
        total = 0;
        foreach (string f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            if (total > mb * 1048576L) break;
            var fi = new FileInfo(f);
            if (fi.Length > 10 * 1048576) continue;
            byte[] b = File.ReadAllBytes(f);
            if (Array.IndexOf(b, (byte)0, 0, Math.Min(b.Length, 8192)) >= 0) continue;
            texts.Add(System.Text.Encoding.UTF8.GetString(b));
            total += b.Length;
        }
        return texts;
    }

    public static void Run(string dir, int mb)
    {
        var texts = new List<string>();
        long total = 0;
        foreach (string f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            if (total > mb * 1048576L) break;
            var fi = new FileInfo(f);
            if (fi.Length > 10 * 1048576) continue;
            byte[] b = File.ReadAllBytes(f);
            if (Array.IndexOf(b, (byte)0, 0, Math.Min(b.Length, 8192)) >= 0) continue;
            texts.Add(System.Text.Encoding.UTF8.GetString(b));
            total += b.Length;
        }
        Console.WriteLine($"{texts.Count} files, {total / 1048576.0:0.0} MB");
        var t = typeof(SecretScanner).Assembly.GetType("NhiTools.Engine.Scan.SecretDetectors");
        foreach (var field in t.GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static).Where(f => f.FieldType == typeof(System.Text.RegularExpressions.Regex)))
        {
            var rx = (System.Text.RegularExpressions.Regex)field.GetValue(null);
            foreach (var s in texts.Take(20)) rx.Matches(s).Count.ToString();   // warm up
            var sw = Stopwatch.StartNew();
            int n = 0;
            foreach (var s in texts) n += rx.Matches(s).Count;
            sw.Stop();
            Console.WriteLine($"{field.Name,-20} {sw.Elapsed.TotalMilliseconds,8:0} ms  {total / 1048576.0 / sw.Elapsed.TotalSeconds,8:0} MB/s  {n} matches");
        }
        var asm = typeof(SecretScanner).Assembly;
        var lineIndexType = asm.GetType("NhiTools.Engine.Scan.LineIndex");
        var rawHitList = typeof(List<>).MakeGenericType(asm.GetType("NhiTools.Engine.Scan.RawHit"));
        var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
        var lineIdx = texts.Select(x => Activator.CreateInstance(lineIndexType, x)).ToList();
        void Time(string name, Action<string, object, object> act)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < texts.Count; i++) act(texts[i], lineIdx[i], Activator.CreateInstance(rawHitList));
            Console.WriteLine($"{name,-28} {sw.Elapsed.TotalMilliseconds,8:0} ms  {total / 1048576.0 / sw.Elapsed.TotalSeconds,8:0} MB/s");
        }
        Time("LineIndex", (x, l, h) => Activator.CreateInstance(lineIndexType, x));
        foreach (string m in new[] { "DetectEntraSecrets" })
        { var mi = t.GetMethod(m, flags); Time(m, (x, l, h) => mi.Invoke(null, new[] { h, x })); }
        foreach (string m in new[] { "DetectConnectionStrings", "DetectVendorShapes" })
        { var mi = t.GetMethod(m, flags); Time(m, (x, l, h) => mi.Invoke(null, new[] { h, x, l })); }
        { var mi = t.GetMethod("DetectAwsSecrets", flags); Time("DetectAwsSecrets", (x, l, h) => mi.Invoke(null, new[] { h, x, l, new List<int>(), 3 })); }
        { var mi = t.GetMethod("AddAssignments", flags);
          foreach (string rxName in new[] { "Assignment", "PsParameter", "XmlAddKey", "XmlElement" })
          { var rx = t.GetField(rxName, flags).GetValue(null); Time("AddAssignments " + rxName, (x, l, h) => mi.Invoke(null, new[] { h, x, rx, 50 })); } }
        var scanner = new SecretScanner(NullHostContext.Instance, new ScanOptions { MaxDegreeOfParallelism = 1 });
        var scan = typeof(SecretScanner).GetMethod("ScanText", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
        var linker = Activator.CreateInstance(typeof(SecretScanner).Assembly.GetType("NhiTools.Engine.Scan.SecretLinker"), new object[] { null });
        for (int round = 0; round < 2; round++)
        {
            var sw2 = Stopwatch.StartNew();
            foreach (var s in texts) scan.Invoke(scanner, new object[] { "x", s, linker });
            sw2.Stop();
            Console.WriteLine($"ScanText (all detectors, 1 thread) round {round + 1}: {sw2.Elapsed.TotalMilliseconds:0} ms = {total / 1048576.0 / sw2.Elapsed.TotalSeconds:0} MB/s");
        }
    }
}

/// <summary>Where a fresh process's CPU goes, stage by stage, on one thread: regex construction, reading and decoding,
/// the literal prefilter, the keyword-line search, all detectors. Round 1 includes tier-0/JIT cost; later rounds are warm.</summary>
static class Stages
{
    static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    public static void Run(string dir, int rounds)
    {
        double t0 = Cpu();
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(SecretDetectors).TypeHandle);
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Prefilter).TypeHandle);
        double t1 = Cpu();
        Console.WriteLine($"static init (regex construction): {t1 - t0:0.000} CPU-s (process so far {t1:0.000})");
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        double t2 = Cpu();
        Console.WriteLine($"walk: {files.Count} files {t2 - t1:0.000} CPU-s");
        {
            // Reading alone (pooled buffer, as the scanner reads), then decoding alone from those bytes.
            double ra = Cpu(); long rb = 0; var buf = new byte[10 * 1048576 + 1]; var kept = new List<byte[]>();
            foreach (string f in files)
                using (var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
                {
                    int n, c = 0; while ((n = fs.Read(buf, c, buf.Length - c)) > 0 && c < buf.Length - 1) c += n;
                    rb += c;
                }
            double rc = Cpu();
            long db = 0;
            foreach (string f in files.Take(3000)) kept.Add(File.ReadAllBytes(f));
            double rd = Cpu();
            for (int k = 0; k < 3; k++) foreach (var b in kept) { var t = SecretScanner.Decode(b, b.Length); db += b.Length; }
            double re = Cpu();
            Console.WriteLine($"read only: {rb / 1048576.0:0.0} MB {rc - ra:0.000} CPU-s; decode only: {db / 1048576.0:0.0} MB {re - rd:0.000} CPU-s ({db / 1048576.0 / (re - rd):0} MB/CPU-s)");
        }
        var texts = new List<string>(); long total = 0;
        foreach (string f in files)
        {
            var fi = new FileInfo(f);
            if (fi.Length > 10 * 1048576) continue;
            byte[] b = File.ReadAllBytes(f);
            string s = SecretScanner.Decode(b, b.Length);
            if (s == null) continue;
            texts.Add(s); total += b.Length;
        }
        double t3 = Cpu();
        double mb = total / 1048576.0;
        Console.WriteLine($"read+decode: {texts.Count} texts {mb:0.0} MB {t3 - t2:0.000} CPU-s");
        for (int r = 1; r <= rounds; r++)
        {
            double a = Cpu(); int n = 0;
            foreach (var s in texts) n += (int)Prefilter.Scan(s);
            double b = Cpu(); int k = 0;
            foreach (var s in texts) k += Prefilter.KeywordLines(s).Count;
            double c = Cpu(); int h = 0;
            foreach (var s in texts) h += SecretDetectors.Detect(s, new LineIndex(s), 3).Count;
            double d = Cpu(); int an = 0;
            foreach (var s in texts) an += (int)Anchors.Find(s).Has;
            double e = Cpu();
            Console.WriteLine($"round {r}: anchors {e - d:0.000} ({mb / (e - d):0} MB/CPU-s); prefilter (reference: ten passes) {b - a:0.000} ({mb / (b - a):0} MB/CPU-s), keyword lines {c - b:0.000} ({k} lines), Detect {d - c:0.000} ({mb / (d - c):0} MB/CPU-s, {h} hits)");
        }
        // Each keyword-line regex alone, over the keyword lines only (warm).
        var spans = texts.Select(t => Prefilter.KeywordLines(t)).ToList();
        var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
        foreach (string name in new[] { "ConnKey", "Assignment", "PsParameter", "XmlAddKey", "XmlElement", "AwsSecretContext" })
        {
            var rx = (System.Text.RegularExpressions.Regex)typeof(SecretDetectors).GetField(name, flags).GetValue(null);
            for (int r = 0; r < 2; r++)
            {
                double a = Cpu(); int n = 0;
                for (int i = 0; i < texts.Count; i++)
                    foreach (var sp in spans[i])
                        for (var m = rx.Match(texts[i], sp.Key, sp.Value); m.Success; m = m.NextMatch()) n++;
                if (r == 1) Console.WriteLine($"{name,-18} on keyword lines: {Cpu() - a:0.000} CPU-s, {n} matches");
            }
        }
        foreach (string lit in new[] { "://", "==", "Q~" })
        {
            double a = Cpu(); int n = 0;
            foreach (var t in texts) { int at = 0; while ((at = t.IndexOf(lit, at, StringComparison.Ordinal)) >= 0) { n++; at += lit.Length; } }
            Console.WriteLine($"occurrences of {lit}: {n} ({Cpu() - a:0.000} CPU-s to find)");
        }
        Console.WriteLine($"process CPU {Cpu():0.00} s");
    }
}
