using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.KeyVault
{
    public sealed partial class KeyVaultLab
    {
        /// <summary>
        /// PUT /_kvlab/emptypages/{n}: sets <see cref="KeyVaultLabOptions.EmptyPages"/> at run time (a Pester test of the
        /// standalone host turns them on). Outside the vault's API: no token, no faults, not a write of the vault.
        /// </summary>
        LabOperation ResolveLabSettings(string method, string[] segs)
        {
            if (segs.Length != 3 || !segs[0].Equals("_kvlab", StringComparison.OrdinalIgnoreCase) || method != "PUT"
                || !segs[1].Equals("emptypages", StringComparison.OrdinalIgnoreCase)) return null;
            return new LabOperation("LabSettings", false, c =>
            {
                if (!int.TryParse(segs[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
                {
                    c.Response.StatusCode = 400;
                    return Task.CompletedTask;
                }
                VaultOptions.EmptyPages = n;
                c.Response.StatusCode = 204;
                return Task.CompletedTask;
            }) { Exempt = true };
        }
    }
}
