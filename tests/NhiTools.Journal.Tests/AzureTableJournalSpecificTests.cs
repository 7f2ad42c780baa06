using System;
using System.Net;
using System.Net.Sockets;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;
using NhiTools.Journal.Tests.Support;
using Xunit;

namespace NhiTools.Journal.Tests
{
    /// <summary>What only the Azure Table back end has: connection strings, key encoding, SDK errors, its own retries.</summary>
    [Collection("Azurite")]
    public sealed class AzureTableJournalSpecificTests
    {
        readonly AzuriteFixture _azurite;
        public AzureTableJournalSpecificTests(AzuriteFixture azurite) { _azurite = azurite; }

        [Fact]
        public void LostAnswer_WithSdkRetriesOff_IsStillRecognisedByReRead()
        {
            string cs = _azurite.ConnectionString();
            var handler = new LosingHandler();
            var options = new TableClientOptions { Transport = new HttpClientTransport(handler) };
            options.Retry.MaxRetries = 0;
            using var journal = new AzureTableChangeJournal(cs, options);
            const string key = "rotation|entra:app:1|https://v/secrets/a";
            var lease = journal.TryAcquireLease(key, "w", TimeSpan.FromMinutes(1));

            handler.LoseNext(LosingHandler.IsWrite);
            var saved = journal.Save(new JournalRow { Key = key, Kind = "Rotation", State = "Creating" }, lease);
            Assert.Equal(1, handler.Lost);
            Assert.Equal(saved.WriteToken, journal.Get(key).WriteToken);

            // The same for the lease and for a change record.
            handler.LoseNext(LosingHandler.IsWrite);
            journal.RenewLease(lease, TimeSpan.FromMinutes(2));
            Assert.Equal(2, handler.Lost);
            handler.LoseNext(LosingHandler.IsWrite);
            var change = journal.Append(new ChangeRecord { Action = "AddPassword", OperationId = "rot-1" });
            Assert.Equal(3, handler.Lost);
            Assert.Equal(change.Id, Assert.Single(journal.Changes()).Id);
        }

        [Fact]
        public void Unreachable_Journal_IsNhiJournalUnavailable_AndNoMessageHoldsTheKey()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop(); // nobody answers there
            string cs = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey +
                        ";TableEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;TableName=journal";
            var options = new TableClientOptions();
            options.Retry.MaxRetries = 0;
            using var journal = new AzureTableChangeJournal(cs, options);
            Assert.DoesNotContain(AzuriteFixture.AccountKey, journal.Description);
            var e = Assert.Throws<NhiException>(() => journal.TryAcquireLease("k", "w", TimeSpan.FromMinutes(1)));
            Assert.Equal("NhiJournalUnavailable", e.ErrorId);
            Assert.Equal(NhiErrorCategory.ConnectionError, e.Category);
            for (Exception x = e; x != null; x = x.InnerException)
            {
                Assert.DoesNotContain(AzuriteFixture.AccountKey, x.Message);
                Assert.DoesNotContain(AzuriteFixture.AccountKey, x.ToString());
            }
        }

        [Fact]
        public void WrongKey_IsNhiJournalUnavailable_PermissionDenied_WithoutTheKey()
        {
            string wrongKey = Convert.ToBase64String(new byte[64]);
            string cs = _azurite.ConnectionString().Replace(AzuriteFixture.AccountKey, wrongKey);
            using var journal = new AzureTableChangeJournal(cs);
            var e = Assert.Throws<NhiException>(() => journal.Get("k"));
            Assert.Equal("NhiJournalUnavailable", e.ErrorId);
            Assert.Equal(NhiErrorCategory.PermissionDenied, e.Category);
            Assert.Contains("403", e.Message);
            Assert.DoesNotContain(wrongKey, e.ToString());
        }

        [Fact]
        public void ConnectionString_TableName_IsOurs_AndBadStrings_AreRefusedWithoutBeingRepeated()
        {
            var c = TableJournalConnection.Parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5PT0=;EndpointSuffix=core.windows.net;TableName=RotJournal");
            Assert.Equal("RotJournal", c.TableName);
            Assert.True(c.HasSharedCredential);
            Assert.Equal("https://acct.table.core.windows.net/RotJournal", c.Description);
            Assert.DoesNotContain("TableName", c.StorageConnectionString);
            Assert.Contains("AccountKey=c2VjcmV0a2V5PT0=", c.StorageConnectionString); // '=' padding kept

            Assert.Equal(TableJournalConnection.DefaultTableName, TableJournalConnection.Parse("UseDevelopmentStorage=true").TableName);
            var mi = TableJournalConnection.Parse("TableEndpoint=https://acct.table.core.windows.net;TableName=Journal");
            Assert.False(mi.HasSharedCredential); // signs in with the managed identity

            foreach (string bad in new[] { "AccountName=acct;AccountKey=c2VjcmV0;TableName=no-dashes", "AccountName=acct;AccountKey=c2VjcmV0;TableName=1abc", "AccountName=acct", "nonsense c2VjcmV0" })
            {
                var e = Assert.Throws<NhiException>(() => TableJournalConnection.Parse(bad));
                Assert.Equal("NhiJournalConnectionInvalid", e.ErrorId);
                Assert.DoesNotContain("c2VjcmV0", e.Message);
            }
            Assert.True(TableJournalConnection.LooksLikeTableConnection("AccountName=a;AccountKey=b"));
            Assert.False(TableJournalConnection.LooksLikeTableConnection("/tmp/journal.db"));
            Assert.False(TableJournalConnection.LooksLikeTableConnection(""));
        }

        [Fact]
        public void KeyEncoding_IsValidForTables_Injective_AndBoundedInLength()
        {
            string[] keys = { "rotation|aws:arn:aws:iam::111122223333:user/svc-x|https://vault/secrets/name", "a/b", "a~2Fb", "a#b?c\\d'e", "é", "\u0001", "" };
            var seen = new System.Collections.Generic.HashSet<string>();
            foreach (string k in keys)
            {
                string e = TableKeyEncoding.Encode(k);
                Assert.True(seen.Add(e), "collision on " + k);
                Assert.DoesNotMatch("[/\\\\#?'\\u0000-\\u001f\\u007f-\\uffff]", e);
            }
            Assert.Equal("rotation|aws:arn:aws:iam::111122223333:user~2Fsvc-x|https:~2F~2Fvault~2Fsecrets~2Fname", TableKeyEncoding.Encode(keys[0]));
            string longA = new string('/', 2000), longB = new string('/', 1999) + "#";
            Assert.True(TableKeyEncoding.Encode(longA).Length <= 400);
            Assert.NotEqual(TableKeyEncoding.Encode(longA), TableKeyEncoding.Encode(longB));
        }

        [Fact]
        public void VeryLongKey_RoundTripsThroughTheTable()
        {
            using var journal = new AzureTableChangeJournal(_azurite.ConnectionString());
            string key = "rotation|" + new string('x', 400) + "/" + new string('/', 400);
            var lease = journal.TryAcquireLease(key, "w", TimeSpan.FromMinutes(1));
            journal.Save(new JournalRow { Key = key, Kind = "Rotation", State = "Idle" }, lease);
            Assert.Equal(key, journal.Get(key).Key);
            Assert.Equal(key, Assert.Single(journal.List()).Key);
        }
    }
}
