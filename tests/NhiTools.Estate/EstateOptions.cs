using System;

namespace NhiTools.Estate
{
    /// <summary>Shape of a synthetic estate. Same options, same bytes.</summary>
    public sealed class EstateOptions
    {
        public int Seed { get; set; } = 1;
        public int AwsAccounts { get; set; } = 2;
        public int IamUsersPerAccount { get; set; }
        public int IamRolesPerAccount { get; set; }
        public int EntraApps { get; set; }
        public int ManagedIdentities { get; set; }
        public int ThirdPartyApps { get; set; }
        public int VaultCount { get; set; } = 2;
        public int SecretsPerVault { get; set; }
        /// <summary>Items per Graph page file (Graph's maximum $top for applications is 999).</summary>
        public int GraphPageSize { get; set; } = 999;
        /// <summary>The estate's "today": every age and expiry is placed relative to it.</summary>
        public DateTime AsOf { get; set; } = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>Total NHIs (IAM users and roles, Entra apps, managed identities, third-party SPs, vault secrets).</summary>
        public int Total => AwsAccounts * (IamUsersPerAccount + IamRolesPerAccount) + EntraApps + ManagedIdentities + ThirdPartyApps + VaultCount * SecretsPerVault;

        /// <summary>Splits <paramref name="identities"/> over providers roughly as a mid-size enterprise looks:
        /// 20% IAM users, 10% IAM roles (two accounts), 35% Entra apps, 10% managed identities, 3% third-party
        /// service principals, 22% vault secrets (two vaults). Entra apps take the rounding so the total is exact.</summary>
        public static EstateOptions ForTotal(int identities, int seed)
        {
            if (identities < 0) throw new ArgumentOutOfRangeException(nameof(identities));
            var o = new EstateOptions { Seed = seed, AwsAccounts = 2, VaultCount = 2 };
            o.IamUsersPerAccount = identities * 20 / 100 / 2;
            o.IamRolesPerAccount = identities * 10 / 100 / 2;
            o.ManagedIdentities = identities * 10 / 100;
            o.ThirdPartyApps = identities * 3 / 100;
            o.SecretsPerVault = identities * 22 / 100 / 2;
            o.EntraApps = identities - (o.Total - o.EntraApps);
            return o;
        }

        internal void Validate()
        {
            if (AwsAccounts < 0 || IamUsersPerAccount < 0 || IamRolesPerAccount < 0 || EntraApps < 0 || ManagedIdentities < 0
                || ThirdPartyApps < 0 || VaultCount < 0 || SecretsPerVault < 0)
                throw new ArgumentException("Estate counts must not be negative.");
            if (GraphPageSize < 1 || GraphPageSize > 999) throw new ArgumentException("GraphPageSize must be 1..999.");
            if (AwsAccounts > 1000) throw new ArgumentException("At most 1000 AWS accounts.");
            if (AsOf.Kind != DateTimeKind.Utc) throw new ArgumentException("AsOf must be UTC.");
        }
    }
}
