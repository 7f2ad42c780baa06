using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using Xunit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>The IAM user guide's CloudTrail examples (provenance in TestData/real/PROVENANCE.md).</summary>
    public class CloudTrailAttributionTests
    {
        private static string File => Path.Combine(AppContext.BaseDirectory, "TestData", "real", "cloudtrail", "iam-user-guide-examples.json");

        [Fact]
        public void Cross_account_assume_role_is_the_callers_account_and_console_calls_are_interactive()
        {
            var host = new RecordingHost();
            var events = new ActivityReader(host).Read(new[] { File }).ToList();
            Assert.Equal(2, events.Count);
            var assume = events.Single(e => e.Action == "sts:AssumeRole");
            Assert.Equal("777788889999", assume.Account);            // JohnDoe's account, not the role's
            Assert.Equal("111122223333", assume.RecipientAccount);
            Assert.Equal("aws:arn:aws:iam::777788889999:user/JohnDoe", assume.IdentityId);
            Assert.False(assume.Interactive);
            var console = events.Single(e => e.Action == "iam:GetUserPolicy");
            Assert.True(console.Interactive);                         // invokedBy signin.amazonaws.com
        }

        [Fact]
        public void Console_driven_calls_count_for_human_use()
        {
            var host = new RecordingHost();
            var index = new ActivityIndex();
            foreach (var a in new ActivityReader(host).Read(new[] { File })) index.Add(a);
            var jane = new Identity
            {
                Id = "aws:arn:aws:iam::444455556666:user/JaneDoe", Provider = "Aws", Kind = IdentityKind.IamUser, Name = "JaneDoe",
                Account = "444455556666", NativeId = "arn:aws:iam::444455556666:user/JaneDoe", Owners = new[] { "ops@example.com" },
            };
            var asOf = new DateTime(2014, 8, 1, 0, 0, 0, DateTimeKind.Utc);
            var findings = new FindingEngine(FindingPolicy.Default, host).Evaluate(new[] { jane }, asOf, index, new System.Collections.Generic.HashSet<string> { R.HumanUse }).ToList();
            var f = Assert.Single(findings);
            Assert.Contains("1 call made from the AWS console (signin.amazonaws.com), last iam:GetUserPolicy", f.Evidence);
        }
    }
}
