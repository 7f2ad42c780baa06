// The secret-scan benchmark times the scanner's stages one by one (tests/bench/secrets.md).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("SecretScanBench")]
