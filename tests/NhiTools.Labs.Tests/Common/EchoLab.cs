using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Tests.Common
{
    /// <summary>The smallest possible lab: "GET /echo/{x}" (operation "echo.get"), "POST /write" ("write", counts commits).</summary>
    internal sealed class EchoLab : LabServer
    {
        public int Commits;

        public EchoLab(LabServerOptions options) : base(options) { }

        public override string Name => "Echo";

        protected override ValueTask<LabOperation> ResolveAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/echo/"))
                return new ValueTask<LabOperation>(new LabOperation("echo.get", false, async c =>
                {
                    c.Response.ContentType = "text/plain";
                    await c.Response.WriteAsync(path.Substring(6));
                }));
            if (path == "/write")
                return new ValueTask<LabOperation>(new LabOperation("write", true, async c =>
                {
                    System.Threading.Interlocked.Increment(ref Commits);
                    c.Response.ContentType = "text/plain";
                    await c.Response.WriteAsync("done");
                }));
            return new ValueTask<LabOperation>(new LabOperation("unknown", false, c => WriteErrorAsync(c, new LabError(404, "NotFound"))));
        }

        protected override async Task WriteErrorAsync(HttpContext context, LabError error)
        {
            context.Response.StatusCode = error.Status;
            if (error.RetryAfterSeconds.HasValue) context.Response.Headers["Retry-After"] = error.RetryAfterSeconds.Value.ToString();
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("error " + (error.Code ?? "Echo" + error.Status));
        }
    }
}
