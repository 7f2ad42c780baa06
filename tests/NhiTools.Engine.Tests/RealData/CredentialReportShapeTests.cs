using System.Linq;
using NhiTools.Engine.Tests.Offline;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>Credential report rows as IAM writes them after a console password is removed (the IAM lab plays the same).</summary>
    public class CredentialReportShapeTests
    {
        [Fact]
        public void A_removed_password_keeps_its_last_use_but_is_no_password()
        {
            const string header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
                + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
                + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
                + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
            var csv = header + "\nsvc-was-console,arn:aws:iam::123456789012:user/svc-was-console,2025-01-02T03:04:05+00:00,false,2026-03-14T09:30:00+00:00,N/A,N/A,false,"
                + "true,2026-10-01T00:00:00+00:00,2026-10-30T00:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
            var host = new RecordingHost();
            var id = Assert.Single(OfflineData.Read(host, null, OfflineData.TempFile("report.csv", csv)));
            Assert.False(id.HasPassword);
            Assert.Equal(new System.DateTime(2026, 3, 14, 9, 30, 0, System.DateTimeKind.Utc), id.PasswordLastUsedOn);
            None(Run(id, R.HumanUse), R.HumanUse);
        }
    }
}
