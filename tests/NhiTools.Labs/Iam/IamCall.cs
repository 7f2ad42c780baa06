using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NhiTools.Labs.Iam
{
    /// <summary>An IAM/STS error as the query protocol reports it.</summary>
    public sealed class IamError : Exception
    {
        public string Code { get; }
        public int Status { get; }
        public bool ReceiverFault { get; }
        public IamError(string code, int status, string message, bool receiverFault = false) : base(message)
        {
            Code = code; Status = status; ReceiverFault = receiverFault;
        }

        public static IamError NoSuchUser(string name) => new IamError("NoSuchEntity", 404, "The user with name " + name + " cannot be found.");
        public static IamError NoSuchRole(string name) => new IamError("NoSuchEntity", 404, "The role with name " + name + " cannot be found.");
        public static IamError NoSuchKey(string id) => new IamError("NoSuchEntity", 404, "The Access Key with id " + id + " cannot be found.");
        public static IamError Validation(string message) => new IamError("ValidationError", 400, message);
        public static IamError Missing(string param) =>
            Validation("1 validation error detected: Value null at '" + char.ToLowerInvariant(param[0]) + param.Substring(1) + "' failed to satisfy constraint: Member must not be null");
    }

    /// <summary>One authenticated query-protocol call: its form parameters and who signed it.</summary>
    public sealed class IamCall
    {
        public string Action { get; set; }
        public string Version { get; set; }
        public IReadOnlyDictionary<string, string> Form { get; set; }
        /// <summary>The access key that signed the request (the admin key is the account root's).</summary>
        public IamAccessKey Caller { get; set; }
        public string RequestId { get; set; } = Guid.NewGuid().ToString();

        public string Get(string name) => Form.TryGetValue(name, out var v) ? v : null;

        public string Required(string name)
        {
            var v = Get(name);
            if (string.IsNullOrEmpty(v)) throw IamError.Missing(name);
            return v;
        }

        public int MaxItems()
        {
            var s = Get("MaxItems");
            if (s == null) return 100;
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000)
                throw IamError.Validation("1 validation error detected: Value '" + s + "' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
            return n;
        }

        /// <summary>Values of Name.member.1, Name.member.2, … in order.</summary>
        public List<string> Members(string name)
        {
            var list = new List<string>();
            for (int i = 1; Form.TryGetValue(name + ".member." + i, out var v); i++) list.Add(v);
            return list;
        }

        /// <summary>Tags.member.N.Key / .Value pairs.</summary>
        public List<IamTag> TagMembers(string name = "Tags")
        {
            var list = new List<IamTag>();
            for (int i = 1; Form.TryGetValue(name + ".member." + i + ".Key", out var k); i++)
                list.Add(new IamTag(k, Get(name + ".member." + i + ".Value") ?? ""));
            return list;
        }

        /// <summary>The user an optional UserName defaults to: the signing key's user (null for root).</summary>
        public string UserNameOrCaller() => Get("UserName") ?? Caller?.UserName;

        public static bool IsRead(string action) =>
            action != null && (action.StartsWith("List", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal)
                               || action == "AssumeRole" // issues a session, changes no IAM state
                               || action == "GenerateCredentialReport" || action == "GenerateServiceLastAccessedDetails"); // IAM's access level "Read"
    }

    /// <summary>Opaque markers and page cutting, including IAM's habit of short pages while more remain.</summary>
    internal static class Paging
    {
        public static string Encode(string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("lab1:" + key));

        public static string Decode(string marker)
        {
            if (marker == null) return null;
            try
            {
                var s = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(marker));
                if (s.StartsWith("lab1:", StringComparison.Ordinal)) return s.Substring(5);
            }
            catch (FormatException) { }
            throw IamError.Validation("Invalid Marker.");
        }

        /// <summary>Cuts one page from items sorted by key; the marker names the first item of the next page.</summary>
        public static (List<T> Page, string NextMarker) Cut<T>(IEnumerable<T> sorted, Func<T, string> key, StringComparer comparer,
            string marker, int maxItems, bool shortPages)
        {
            var from = Decode(marker);
            var rest = from == null ? sorted.ToList() : sorted.Where(i => comparer.Compare(key(i), from) >= 0).ToList();
            int take = Math.Min(maxItems, rest.Count);
            if (shortPages && rest.Count > 1) take = Math.Max(1, Math.Min(maxItems / 2, rest.Count - 1));
            var page = rest.Take(take).ToList();
            string next = rest.Count > take ? Encode(key(rest[take])) : null;
            return (page, next);
        }
    }
}
