namespace NhiTools
{
    /// <summary>What kind of non-human identity (or the person/root rows an importer meets).</summary>
    public enum IdentityKind
    {
        ServiceAccount,
        Application,
        ServicePrincipal,
        ManagedIdentity,
        IamUser,
        IamRole,
        Secret,
        Certificate,
        AgentIdentity,
        RootAccount,
        Human,
    }

    public enum CredentialType
    {
        ClientSecret,
        Certificate,
        AccessKey,
        Secret,
        Token,
        Password,
        FederatedCredential,
    }

    /// <summary>Rotation state of one credential; see Test-NhiRotation.</summary>
    public enum RotationState
    {
        Compliant,
        DueSoon,
        Overdue,
        Expired,
        Disabled,
    }

    public enum PermissionType
    {
        ManagedPolicy,
        InlinePolicy,
        GroupPolicy,
        AppRole,
        DelegatedScope,
        DirectoryRole,
        AzureRole,
        Other,
    }

    /// <summary>Mirror of System.Management.Automation.ErrorCategory names the engine uses (the model has no SMA reference).</summary>
    public enum NhiErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        OpenError,
        ReadError,
        WriteError,
        PermissionDenied,
        ResourceUnavailable,
        ConnectionError,
        AuthenticationError,
        LimitsExceeded,
        OperationTimeout,
        NotImplemented,
        ResourceBusy,
        ResourceExists,
    }
}
