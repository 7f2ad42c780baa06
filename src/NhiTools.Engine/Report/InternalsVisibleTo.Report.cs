// Scan and Report unit tests check internal layout helpers (fix-first size, age buckets).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("NhiTools.Engine.Tests")]
