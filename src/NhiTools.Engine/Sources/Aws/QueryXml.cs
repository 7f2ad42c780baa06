using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Reading query-protocol XML (IAM 2010-05-08, STS 2011-06-15) by local name, so the namespace of either
    /// service (or none) reads the same: &lt;XResponse&gt;&lt;XResult&gt;…&lt;/XResult&gt;&lt;ResponseMetadata/&gt;, lists as
    /// &lt;Name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/Name&gt;, errors as &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;.
    /// </summary>
    internal static class QueryXml
    {
        public static XElement Child(this XElement e, string localName) =>
            e?.Elements().FirstOrDefault(x => x.Name.LocalName == localName);

        public static string Text(this XElement e, string localName)
        {
            var c = e.Child(localName);
            return c == null || c.IsEmpty && c.Value.Length == 0 ? null : c.Value;
        }

        public static IEnumerable<XElement> Members(this XElement e, string listName)
        {
            var list = e.Child(listName);
            return list == null ? Enumerable.Empty<XElement>() : list.Elements().Where(x => x.Name.LocalName == "member");
        }

        public static bool Flag(this XElement e, string localName) =>
            string.Equals(e.Text(localName), "true", StringComparison.OrdinalIgnoreCase);

        public static DateTime? Time(this XElement e, string localName)
        {
            var s = e.Text(localName);
            if (s == null) return null;
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                ? t.UtcDateTime : (DateTime?)null;
        }

        /// <summary>The &lt;ActionResult&gt; element of a response; the root itself for an output-less action.</summary>
        public static XElement Result(XElement root, string action) => root.Child(action + "Result") ?? root;

        /// <summary>Code, message and request id of an ErrorResponse (or a bare &lt;Error&gt;/&lt;Response&gt;&lt;Errors&gt; shape).</summary>
        public static bool TryError(XElement root, out string code, out string message, out string requestId)
        {
            code = message = requestId = null;
            if (root == null) return false;
            var error = root.Name.LocalName == "Error" ? root
                : root.Child("Error") ?? root.Child("Errors")?.Child("Error");
            if (error == null) return false;
            code = error.Text("Code");
            message = error.Text("Message");
            requestId = root.Text("RequestId") ?? root.Text("RequestID");
            return code != null;
        }
    }
}
