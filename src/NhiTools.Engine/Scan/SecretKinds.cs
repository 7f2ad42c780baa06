namespace NhiTools.Engine.Scan
{
    /// <summary>The values <see cref="SecretFinding.Kind"/> takes, with the words reports use for them.</summary>
    public static class SecretKinds
    {
        public const string AwsAccessKeyId = "AwsAccessKeyId";
        public const string AwsSecretKey = "AwsSecretKey";
        public const string EntraClientSecret = "EntraClientSecret";
        public const string ConnectionString = "ConnectionString";
        public const string PrivateKey = "PrivateKey";
        public const string GitHubToken = "GitHubToken";
        public const string GitLabToken = "GitLabToken";
        public const string SlackToken = "SlackToken";
        public const string Jwt = "Jwt";
        public const string Password = "Password";
        public const string GenericSecret = "GenericSecret";

        public static readonly string[] All =
        {
            AwsAccessKeyId, AwsSecretKey, EntraClientSecret, ConnectionString, PrivateKey,
            GitHubToken, GitLabToken, SlackToken, Jwt, Password, GenericSecret,
        };

        public static string Describe(string kind)
        {
            switch (kind)
            {
                case AwsAccessKeyId: return "AWS access key id";
                case AwsSecretKey: return "AWS secret access key";
                case EntraClientSecret: return "Entra ID application client secret";
                case ConnectionString: return "Connection string with a key or password (storage, SQL, Service Bus, Event Hubs)";
                case PrivateKey: return "PEM private key";
                case GitHubToken: return "GitHub token (classic, OAuth, app or fine-grained PAT)";
                case GitLabToken: return "GitLab personal access token";
                case SlackToken: return "Slack token";
                case Jwt: return "JSON Web Token (bearer token)";
                case Password: return "Hard-coded password";
                case GenericSecret: return "Hard-coded secret, token or API key";
                default: return kind;
            }
        }
    }
}
