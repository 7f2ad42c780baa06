using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Xml;

namespace NhiTools.Labs.Iam
{
    /// <summary>
    /// Writes AWS query-protocol XML: <c>&lt;XResponse xmlns=ns&gt;&lt;XResult&gt;…&lt;/XResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>,
    /// lists as <c>&lt;Name&gt;&lt;member&gt;…</c>, an empty list as <c>&lt;Name/&gt;</c>.
    /// </summary>
    public sealed class QueryXml
    {
        public const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
        public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

        readonly StringBuilder _sb = new StringBuilder();
        readonly XmlWriter _w;
        readonly string _action;
        bool _resultOpen;

        QueryXml(string action, string ns)
        {
            _action = action;
            _w = XmlWriter.Create(_sb, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false });
            _w.WriteStartElement(action + "Response", ns);
        }

        /// <summary>Starts a response that has a result element.</summary>
        public static QueryXml Result(string action, string ns = IamNamespace)
        {
            var x = new QueryXml(action, ns);
            x._w.WriteStartElement(action + "Result");
            x._resultOpen = true;
            return x;
        }

        /// <summary>A response with no result members (UpdateAccessKey, DeleteAccessKey, TagUser, …).</summary>
        public static string Empty(string action, string requestId, string ns = IamNamespace) => new QueryXml(action, ns).Finish(requestId);

        public QueryXml El(string name, string value)
        {
            if (value == null) return this;
            _w.WriteElementString(name, value);
            return this;
        }

        public QueryXml El(string name, bool value) => El(name, value ? "true" : "false");
        public QueryXml El(string name, int value) => El(name, value.ToString(CultureInfo.InvariantCulture));
        public QueryXml El(string name, int? value) => value.HasValue ? El(name, value.Value) : this;
        public QueryXml El(string name, DateTimeOffset? value) => value.HasValue ? El(name, Timestamp(value.Value)) : this;

        /// <summary>A policy document as IAM sends it: URL-encoded JSON (RFC 3986).</summary>
        public QueryXml Policy(string name, string json) => json == null ? this : El(name, Uri.EscapeDataString(json));

        public QueryXml Open(string name) { _w.WriteStartElement(name); return this; }
        public QueryXml Close() { _w.WriteEndElement(); return this; }

        public QueryXml List<T>(string name, IEnumerable<T> items, Action<QueryXml, T> member)
        {
            _w.WriteStartElement(name);
            foreach (var item in items)
            {
                _w.WriteStartElement("member");
                member(this, item);
                _w.WriteEndElement();
            }
            _w.WriteEndElement(); // an empty list comes out as <Name/>
            return this;
        }

        public QueryXml StringList(string name, IEnumerable<string> items) => List(name, items, (x, s) => x._w.WriteString(s));

        public QueryXml Tags(IEnumerable<IamTag> tags, string name = "Tags") =>
            List(name, tags, (x, t) => x.El("Key", t.Key).El("Value", t.Value ?? ""));

        public QueryXml Paging(bool truncated, string marker)
        {
            El("IsTruncated", truncated);
            if (truncated) El("Marker", marker);
            return this;
        }

        public string Finish(string requestId)
        {
            if (_resultOpen) { _w.WriteEndElement(); _resultOpen = false; }
            _w.WriteStartElement("ResponseMetadata");
            _w.WriteElementString("RequestId", requestId);
            _w.WriteEndElement();
            _w.WriteEndElement();
            _w.Flush();
            return _sb.ToString();
        }

        public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>The query-protocol error envelope; RequestId is a sibling of Error.</summary>
        public static string Error(string code, string message, string requestId, bool receiverFault = false, string ns = IamNamespace)
        {
            var sb = new StringBuilder();
            using (var w = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true }))
            {
                w.WriteStartElement("ErrorResponse", ns);
                w.WriteStartElement("Error");
                w.WriteElementString("Type", receiverFault ? "Receiver" : "Sender");
                w.WriteElementString("Code", code);
                w.WriteElementString("Message", message);
                w.WriteEndElement();
                w.WriteElementString("RequestId", requestId);
                w.WriteEndElement();
            }
            return sb.ToString();
        }
    }
}
