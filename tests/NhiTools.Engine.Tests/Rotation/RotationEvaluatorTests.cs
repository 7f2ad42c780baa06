using System;
using NhiTools.Engine.Rotation;
using Xunit;

namespace NhiTools.Engine.Tests.Rotation
{
    public class RotationEvaluatorTests
    {
        private static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly RotationEvaluator evaluator = new RotationEvaluator(TimeSpan.FromDays(90), TimeSpan.FromDays(30));

        private RotationStatus Evaluate(double? ageDays, double? expiresInDays = null, bool enabled = true, double? rotatedDaysAgo = null)
        {
            var credential = new Credential
            {
                IdentityId = "aws:arn:aws:iam::111122223333:user/svc",
                Id = "AKIAEXAMPLE0000000001",
                Type = CredentialType.AccessKey,
                CreatedOn = ageDays.HasValue ? AsOf.AddDays(-ageDays.Value) : (DateTime?)null,
                LastRotatedOn = rotatedDaysAgo.HasValue ? AsOf.AddDays(-rotatedDaysAgo.Value) : (DateTime?)null,
                ExpiresOn = expiresInDays.HasValue ? AsOf.AddDays(expiresInDays.Value) : (DateTime?)null,
                Enabled = enabled,
            };
            var identity = new Identity { Id = credential.IdentityId, Name = "svc", Provider = "Aws" };
            return evaluator.Evaluate(identity, credential, AsOf);
        }

        [Theory]
        [InlineData(10, RotationState.Compliant)]
        [InlineData(59.99, RotationState.Compliant)] // overdue in just over 30 days
        [InlineData(60, RotationState.DueSoon)]       // overdue in exactly 30 days: within the warning
        [InlineData(90, RotationState.DueSoon)]       // exactly MaxAge is not older than MaxAge
        [InlineData(90.0001, RotationState.Overdue)]
        [InlineData(400, RotationState.Overdue)]
        public void AgeAgainstMaxAge(double ageDays, RotationState expected)
        {
            Assert.Equal(expected, Evaluate(ageDays).Status);
        }

        [Theory]
        [InlineData(0, RotationState.Expired)]        // at ExpiresOn it no longer works
        [InlineData(-1, RotationState.Expired)]
        [InlineData(0.0001, RotationState.DueSoon)]
        [InlineData(30, RotationState.DueSoon)]
        [InlineData(30.0001, RotationState.Compliant)]
        public void ExpiryAgainstWarning(double expiresInDays, RotationState expected)
        {
            Assert.Equal(expected, Evaluate(5, expiresInDays).Status);
        }

        [Fact]
        public void DisabledWinsOverExpiredAndOverdue()
        {
            var status = Evaluate(400, -10, enabled: false);
            Assert.Equal(RotationState.Disabled, status.Status);
        }

        [Fact]
        public void ExpiredWinsOverOverdue()
        {
            Assert.Equal(RotationState.Expired, Evaluate(400, -1).Status);
        }

        [Fact]
        public void AgeCountsFromLastRotationWhenKnown()
        {
            var status = Evaluate(400, rotatedDaysAgo: 10);
            Assert.Equal(RotationState.Compliant, status.Status);
            Assert.Equal(10, (int)Math.Round(status.Age.Value.TotalDays));
        }

        [Fact]
        public void NoExpiryIsFlaggedNeverExpires()
        {
            var status = Evaluate(10);
            Assert.True(status.NeverExpires);
            Assert.Null(status.ExpiresOn);
            Assert.False(Evaluate(10, 100).NeverExpires);
        }

        [Fact]
        public void UnknownAgeIsNotOverdue()
        {
            var status = Evaluate(null);
            Assert.Null(status.Age);
            Assert.Equal(RotationState.Compliant, status.Status);
            Assert.Contains("unknown", status.Reason);
        }

        [Fact]
        public void CarriesIdentityFactsAndAsOf()
        {
            var status = Evaluate(100);
            Assert.Equal("svc", status.IdentityName);
            Assert.Equal("Aws", status.Provider);
            Assert.Equal("AKIAEXAMPLE0000000001", status.CredentialId);
            Assert.Equal(CredentialType.AccessKey, status.CredentialType);
            Assert.Equal(AsOf, status.AsOf);
            Assert.Contains("100 days", status.Reason);
        }

        [Fact]
        public void LocalAsOfIsConvertedToUtc()
        {
            var credential = new Credential { Id = "k", CreatedOn = AsOf.AddDays(-91) };
            var local = AsOf.ToLocalTime();
            Assert.Equal(RotationState.Overdue, evaluator.Evaluate(null, credential, local).Status);
        }

        [Fact]
        public void RejectsNonPositiveMaxAge()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RotationEvaluator(TimeSpan.Zero, TimeSpan.FromDays(1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RotationEvaluator(TimeSpan.FromDays(1), TimeSpan.FromDays(-1)));
        }
    }
}
