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
        public const string SlackWebhook = "SlackWebhook";
        public const string OpenAiKey = "OpenAiKey";
        public const string AnthropicKey = "AnthropicKey";
        public const string NpmToken = "NpmToken";
        public const string AzureStorageKey = "AzureStorageKey";
        public const string GcpServiceAccountKey = "GcpServiceAccountKey";

        public static readonly string[] All =
        {
            AwsAccessKeyId, AwsSecretKey, EntraClientSecret, ConnectionString, PrivateKey,
            GitHubToken, GitLabToken, SlackToken, Jwt, Password, GenericSecret,
            SlackWebhook, OpenAiKey, AnthropicKey, NpmToken, AzureStorageKey, GcpServiceAccountKey,
        };

        public static string Describe(string kind)
        {
            switch (kind)
            {
                case AwsAccessKeyId: return "AWS access key id";
                case AwsSecretKey: return "AWS secret access key";
                case EntraClientSecret: return "Entra ID application client secret";
                case ConnectionString: return "Connection string or URL with a key or password (storage, SQL, Service Bus, Event Hubs, database and basic-auth URLs)";
                case PrivateKey: return "PEM private key";
                case GitHubToken: return "GitHub token (classic, OAuth, app or fine-grained PAT)";
                case GitLabToken: return "GitLab personal access token";
                case SlackToken: return "Slack token";
                case Jwt: return "JSON Web Token (bearer token)";
                case Password: return "Hard-coded password";
                case GenericSecret: return "Hard-coded secret, token or API key";
                case SlackWebhook: return "Slack incoming webhook URL";
                case OpenAiKey: return "OpenAI API key";
                case AnthropicKey: return "Anthropic API key";
                case NpmToken: return "npm access token";
                case AzureStorageKey: return "Azure storage account key";
                case GcpServiceAccountKey: return "Google Cloud service account key file (private key)";
                default: return kind;
            }
        }
    }
}
