using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>Rotation primitives against the lab: create, prove with GetCallerIdentity, deactivate, reactivate, delete.</summary>
    public class AccessKeyTests
    {
        [Fact]
        public async Task A_new_key_is_proved_after_propagation_then_deactivated_reactivated_and_deleted()
        {
            // The lab's clock moves only while the client waits (each backoff moves it as far as it sleeps): on a loaded
            // machine the first probe can otherwise come after the 1.5 s propagation delay has passed in real time.
            var labClock = new WaitDrivenClock(DateTimeOffset.UtcNow);
            await using var lab = await Lab.StartAsync(o => { o.KeyPropagationDelay = TimeSpan.FromMilliseconds(1500); o.Clock = labClock; });
            var keys = lab.Connect(o => o.Retry.Delay = labClock.SleepAsync).AccessKeys("123456789012");

            using var created = await keys.CreateAsync("svc-deploy");
            Assert.StartsWith("AKIA", created.AccessKeyId);
            Assert.Equal("Active", created.Status);
            var secret = lab.Server.SecretOf(created.AccessKeyId);
            Assert.Equal(secret, new string(created.Secret.ToCharArray()));
            Assert.Equal("********", created.Secret.ToString());
            Assert.DoesNotContain(secret, JsonSerializer.Serialize(created));

            var clock = Stopwatch.StartNew();
            var me = await keys.VerifyAsync(created.AccessKeyId, created.Secret, TimeSpan.FromSeconds(10));
            Assert.Equal("arn:aws:iam::123456789012:user/svc-deploy", me.Arn);
            Assert.True(me.Attempts > 1, "the first calls met the propagation delay");
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1000));
            Assert.True(labClock.Slept >= TimeSpan.FromMilliseconds(1500), "the lab clock passed the propagation delay only by waiting");

            var listed = await keys.ListAsync("svc-deploy");
            Assert.Equal(new[] { "AKIAEXAMPLEDEPLOY001", created.AccessKeyId }.OrderBy(x => x), listed.Select(k => k.AccessKeyId).OrderBy(x => x));

            await keys.DeactivateAsync("svc-deploy", created.AccessKeyId);
            Assert.Equal("Inactive", (await keys.ListAsync("svc-deploy")).Single(k => k.AccessKeyId == created.AccessKeyId).Status);
            var refused = await Assert.ThrowsAsync<AwsServiceException>(() => keys.VerifyAsync(created.AccessKeyId, created.Secret, TimeSpan.FromMilliseconds(200)));
            Assert.Equal("InvalidClientTokenId", refused.Code);
            Assert.DoesNotContain(secret, refused.ToString());

            await keys.ReactivateAsync("svc-deploy", created.AccessKeyId);
            Assert.Equal("arn:aws:iam::123456789012:user/svc-deploy", (await keys.VerifyAsync(created.AccessKeyId, created.Secret, TimeSpan.FromSeconds(5))).Arn);

            await keys.DeleteAsync("svc-deploy", created.AccessKeyId);
            Assert.Equal(new[] { "AKIAEXAMPLEDEPLOY001" }, (await keys.ListAsync("svc-deploy")).Select(k => k.AccessKeyId));
            Assert.True(lab.Server.Store.KeysOf("svc-deploy").All(k => k.AccessKeyId != created.AccessKeyId));
            var gone = await Assert.ThrowsAsync<AwsServiceException>(() => keys.DeleteAsync("svc-deploy", created.AccessKeyId));
            Assert.Equal("NoSuchEntity", gone.Code);

            created.Dispose();
            Assert.True(created.Secret.IsDisposed);
            Assert.Throws<ObjectDisposedException>(() => created.Secret.ToCharArray());
            lab.Server.Log.Entries.Where(e => e.Status == 403).ToList()
                .ForEach(e => Assert.Equal("GetCallerIdentity", e.Operation)); // only the propagation and inactive-key probes
        }

        /// <summary>A lab clock that stands still except while the client sleeps, and then moves exactly as far.</summary>
        private sealed class WaitDrivenClock : TimeProvider
        {
            private readonly object _gate = new object();
            private readonly DateTimeOffset _start;
            private TimeSpan _slept;
            public WaitDrivenClock(DateTimeOffset start) { _start = start; }
            public TimeSpan Slept { get { lock (_gate) return _slept; } }
            public override DateTimeOffset GetUtcNow() { lock (_gate) return _start + _slept; }
            public async Task SleepAsync(TimeSpan delay, System.Threading.CancellationToken ct)
            {
                await Task.Delay(delay, ct);
                lock (_gate) _slept += delay;
            }
        }

        [Fact]
        public async Task A_third_key_is_refused_with_LimitExceeded_and_not_retried()
        {
            await using var lab = await Lab.StartAsync();
            var keys = lab.Connect().AccessKeys("123456789012");
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => keys.CreateAsync("svc-billing"));
            Assert.Equal("LimitExceeded", ex.Code);
            Assert.Equal(409, ex.HttpStatus);
            Assert.Equal(1, lab.Server.Log.Count("CreateAccessKey"));
            Assert.Equal(2, lab.Server.Store.KeysOf("svc-billing").Count);
        }

        [Fact]
        public async Task A_lost_CreateAccessKey_response_is_not_retried()
        {
            await using var lab = await Lab.StartAsync();
            var keys = lab.Connect().AccessKeys("123456789012");
            lab.Server.Faults.Add(Labs.Common.FaultRule.CommitThenDrop("CreateAccessKey").Limit(1));
            var ex = await Assert.ThrowsAsync<Hosting.NhiException>(() => keys.CreateAsync("svc-deploy"));
            Assert.Equal("NhiAwsConnectionFailed", ex.ErrorId);
            Assert.Equal(1, lab.Server.Log.Count("CreateAccessKey"));
            Assert.Equal(2, (await keys.ListAsync("svc-deploy")).Count); // the key exists: the caller re-lists and finds it
        }

        [Fact]
        public async Task Verify_gives_up_when_the_wait_runs_out()
        {
            await using var lab = await Lab.StartAsync(o => o.KeyPropagationDelay = TimeSpan.FromSeconds(30));
            var keys = lab.Connect().AccessKeys("123456789012");
            using var created = await keys.CreateAsync("svc-deploy");
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => keys.VerifyAsync(created.AccessKeyId, created.Secret, TimeSpan.FromMilliseconds(400)));
            Assert.Equal("InvalidClientTokenId", ex.Code);
            // It waited (a lower bound only: a loaded machine may take longer) and tried more than once.
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), "waited " + clock.Elapsed);
            Assert.True(lab.Server.Log.Count("GetCallerIdentity") >= 2);
        }
    }
}
