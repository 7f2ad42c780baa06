using System.Text;

namespace NhiTools.Entra.Tests
{
    /// <summary>Large synthetic tenants for budget tests and the benchmark: n applications with their service principals.</summary>
    public static class Synthetic
    {
        public const string Tenant_ = "3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70";

        public static string AppId(int i) => $"a1000000-0000-4000-8000-{i:x12}";
        public static string AppObjectId(int i) => $"a0000000-0000-4000-8000-{i:x12}";
        public static string SpObjectId(int i) => $"51000000-0000-4000-8000-{i:x12}";
        public static string UserId(int i) => $"11000000-0000-4000-8000-{i:x12}";

        /// <summary>Seeds n applications (the first wideOwnerApps with ownersEach owners, the rest with 2), their service
        /// principals and the owners as users.</summary>
        public static void Seed(NhiTools.Labs.Graph.GraphLab lab, int apps, int wideOwnerApps = 0, int ownersEach = 2)
        {
            lab.SeedJson(Users(System.Math.Max(2, ownersEach)));
            lab.SeedJson(Applications(apps, wideOwnerApps, ownersEach));
            lab.SeedJson(ServicePrincipals(apps));
        }

        public static string Applications(int apps, int wideOwnerApps, int ownersEach)
        {
            var sb = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications(owners())\",\"value\":[");
            for (int i = 0; i < apps; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append("{\"id\":\"").Append(AppObjectId(i)).Append("\",\"appId\":\"").Append(AppId(i))
                  .Append("\",\"displayName\":\"app-").Append(i.ToString("000000")).Append("\",\"createdDateTime\":\"2025-01-01T00:00:00Z\",\"tags\":[],\"notes\":null,")
                  .Append("\"keyCredentials\":[],\"passwordCredentials\":[{\"customKeyIdentifier\":null,\"displayName\":\"s\",\"endDateTime\":\"2027-01-01T00:00:00Z\",\"hint\":\"abc\",\"keyId\":\"")
                  .Append($"c1000000-0000-4000-8000-{i:x12}").Append("\",\"secretText\":null,\"startDateTime\":\"2025-01-01T00:00:00Z\"}],\"owners\":[");
                int owners = i < wideOwnerApps ? ownersEach : 2;
                for (int k = 0; k < owners; k++)
                {
                    if (k > 0) sb.Append(',');
                    sb.Append("{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"").Append(UserId(k)).Append("\",\"userPrincipalName\":\"owner").Append(k).Append("@contoso.com\"}");
                }
                sb.Append("]}");
            }
            return sb.Append("]}").ToString();
        }

        public static string ServicePrincipals(int apps)
        {
            var sb = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals\",\"value\":[");
            for (int i = 0; i < apps; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append("{\"id\":\"").Append(SpObjectId(i)).Append("\",\"appId\":\"").Append(AppId(i))
                  .Append("\",\"displayName\":\"app-").Append(i.ToString("000000")).Append("\",\"accountEnabled\":true,\"servicePrincipalType\":\"Application\",\"appOwnerOrganizationId\":\"")
                  .Append(Tenant_).Append("\",\"tags\":[],\"appRoles\":[],\"keyCredentials\":[],\"passwordCredentials\":[]}");
            }
            return sb.Append("]}").ToString();
        }

        public static string Users(int count)
        {
            var sb = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"value\":[");
            for (int k = 0; k < count; k++)
            {
                if (k > 0) sb.Append(',');
                sb.Append("{\"id\":\"").Append(UserId(k)).Append("\",\"userPrincipalName\":\"owner").Append(k).Append("@contoso.com\",\"displayName\":\"owner").Append(k).Append("\",\"accountEnabled\":true}");
            }
            return sb.Append("]}").ToString();
        }
    }
}
