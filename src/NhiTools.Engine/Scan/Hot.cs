using System.Runtime.CompilerServices;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// MethodImplOptions.AggressiveOptimization (512; the enum member is missing from netstandard2.0, the runtime honours
    /// it): the scanner's character loops are compiled fully optimised at once instead of running as tier-0 code for most
    /// of a one-shot scan, which made a fresh process's scan cost about twice the CPU of a later one.
    /// </summary>
    internal static class Hot
    {
        public const MethodImplOptions Loop = (MethodImplOptions)512;
    }
}
