using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;
using NhiTools.Labs.KeyVault;

namespace NhiTools.Rotation.Tests.Rotation
{
    /// <summary>
    /// IRotationVault over the Key Vault REST API, for these tests only (stand-in until the engine's Key Vault
    /// implementation is merged): retries 429/5xx/dropped connections within a small budget, 404 = none.
    /// </summary>
    internal sealed class LabRotationVault : IRotationVault, IDisposable
    {
        private const string Api = "?api-version=7.5";
        private readonly HttpClient _http;

        public LabRotationVault(KeyVaultLab lab)
        {
            VaultUri = new Uri(lab.BaseUrl + "/");
            _http = new HttpClient(lab.CreateTrustingHandler()) { Timeout = TimeSpan.FromSeconds(10) };
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "lab-token");
        }

        public Uri VaultUri { get; }
        public int Attempts { get; set; } = 4;

        public VaultSecretInfo GetCurrent(string name, IHostContext host)
        {
            var (status, body) = Send(HttpMethod.Get, "secrets/" + name, null, host);
            if (status == 404) return null;
            Require(status, body, "GetSecret " + name);
            using (var doc = JsonDocument.Parse(body))
            {
                var root = doc.RootElement;
                var id = root.GetProperty("id").GetString();
                var info = new VaultSecretInfo { Name = name, Id = id, Version = id.Substring(id.LastIndexOf('/') + 1) };
                if (root.TryGetProperty("contentType", out var ct) && ct.ValueKind == JsonValueKind.String) info.ContentType = ct.GetString();
                if (root.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
                    foreach (var t in tags.EnumerateObject()) info.Tags[t.Name] = t.Value.GetString();
                return info;
            }
        }

        public VaultSecretInfo SetSecret(string name, char[] value, string contentType, IDictionary<string, string> tags, IHostContext host)
        {
            var body = new Dictionary<string, object> { ["value"] = new string(value), ["tags"] = tags };
            if (contentType != null) body["contentType"] = contentType;
            var json = JsonSerializer.SerializeToUtf8Bytes(body);
            try
            {
                var (status, answer) = Send(HttpMethod.Put, "secrets/" + name, json, host);
                if (status == 409)
                {
                    Send(HttpMethod.Post, "deletedsecrets/" + name + "/recover", Array.Empty<byte>(), host);
                    (status, answer) = Send(HttpMethod.Put, "secrets/" + name, json, host);
                }
                Require(status, answer, "SetSecret " + name);
                return GetCurrent(name, host);
            }
            finally { Array.Clear(json, 0, json.Length); }
        }

        public void RemoveSecret(string name, IHostContext host)
        {
            var (status, body) = Send(HttpMethod.Delete, "secrets/" + name, null, host);
            if (status != 404) Require(status, body, "DeleteSecret " + name);
            (status, body) = Send(HttpMethod.Delete, "deletedsecrets/" + name, null, host);
            if (status != 404 && status != 204) Require(status, body, "PurgeDeletedSecret " + name);
        }

        private (int, byte[]) Send(HttpMethod method, string path, byte[] body, IHostContext host)
        {
            string last = null;
            for (int attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    using (var request = new HttpRequestMessage(method, VaultUri + path + Api))
                    {
                        if (body != null)
                        {
                            request.Content = new ByteArrayContent(body);
                            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                        }
                        using (var response = _http.SendAsync(request, host.CancellationToken).GetAwaiter().GetResult())
                        {
                            var status = (int)response.StatusCode;
                            var answer = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                            if (status != 429 && status < 500) return (status, answer);
                            last = "HTTP " + status;
                            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(20 * attempt);
                            Thread.Sleep(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait);
                        }
                    }
                }
                catch (HttpRequestException ex) { last = ex.GetType().Name; }
                catch (System.Threading.Tasks.TaskCanceledException) { last = "timeout"; }
            }
            throw new NhiException("NhiKeyVaultRequestFailed", NhiErrorCategory.ConnectionError, method + " " + path + " failed after " + Attempts + " attempts: " + last, path);
        }

        private static void Require(int status, byte[] body, string what)
        {
            if (status >= 200 && status < 300) return;
            throw new NhiException("NhiKeyVaultRequestFailed", status == 403 ? NhiErrorCategory.PermissionDenied : NhiErrorCategory.WriteError,
                what + " failed: HTTP " + status + " " + Encoding.UTF8.GetString(body ?? Array.Empty<byte>()), what);
        }

        public void Dispose() => _http.Dispose();
    }
}
