using System.Runtime.CompilerServices;

// The Entra source's tests check its retry policy and request shapes directly.
[assembly: InternalsVisibleTo("NhiTools.Entra.Tests")]
