using NhiTools.Hosting;

namespace NhiTools.Engine.Sources
{
    /// <summary>
    /// The one mapping from a cloud API's HTTP status (0 = no answer) to an error category, shared by the Graph
    /// (Entra) and Azure (Key Vault) sources so the same failure is reported the same way whichever API gave it.
    /// </summary>
    public static class HttpStatusCategory
    {
        public static NhiErrorCategory Of(int status)
        {
            switch (status)
            {
                case 0: return NhiErrorCategory.ConnectionError;
                case 400: return NhiErrorCategory.InvalidArgument;
                case 401: return NhiErrorCategory.AuthenticationError;
                case 403: return NhiErrorCategory.PermissionDenied;
                case 404: return NhiErrorCategory.ObjectNotFound;
                case 409: return NhiErrorCategory.ResourceExists;
                case 429: return NhiErrorCategory.LimitsExceeded;
                default: return status >= 500 ? NhiErrorCategory.ResourceUnavailable : NhiErrorCategory.ReadError;
            }
        }
    }
}
