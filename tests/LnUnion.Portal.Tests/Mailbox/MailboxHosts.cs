using System.Net;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>
/// Hosts of the app on the shared test database with mailbox settings of their own: its limits are counted per host,
/// and every test client has the same address, so each test that writes letters starts its own.
/// </summary>
public static class MailboxHosts
{
    /// <summary>Sent by tests to play a client at that address; only hosts started here read it.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public static WebApplicationFactory<Program> Start(PortalApplication app, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Mailbox:MinimumFillTime", "00:00:00");
            builder.UseSetting("Mailbox:LettersPerAddress", "1000");
            builder.UseSetting("Mailbox:LettersPerPhone", "1000");
            builder.UseSetting("Mailbox:QueriesPerAddress", "1000");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>());
        });

    /// <summary>A phone number no other test uses, so the per-phone limit and the look-ups never meet another test's letters.</summary>
    public static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens /mailbox and posts its form filled in as a person would, with <paramref name="change"/> applied.</summary>
    public static async Task<HttpResponseMessage> WriteAsync(
        this StaffBrowser browser, string phone, Action<FormFields>? change = null, string? address = null,
        params (string Field, string FileName, byte[] Content)[] files)
    {
        var page = await browser.GetPageAsync("/mailbox");
        var form = StaffBrowser.ReadForm(page, "/mailbox");
        form["TypeId"] = FirstTypeId(page);
        Fill(form, phone);
        change?.Invoke(form);
        return await browser.PostFormAsync(form, address, files);
    }

    public static void Fill(FormFields form, string phone)
    {
        form["Subject"] = "关于拖欠工资的咨询";
        form["Body"] = "我在沈阳一家公司工作，公司已经三个月没有发工资了，请问应该怎么办？";
        form["Name"] = "测试写信人";
        form["Phone"] = phone;
        form["Email"] = "writer@example.com";
    }

    public static string FirstTypeId(string page) =>
        new HtmlParser().ParseDocument(page).QuerySelectorAll("#letter-typeid option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;

    public static async Task<HttpResponseMessage> PostFormAsync(this StaffBrowser browser, FormFields form, string? address = null, params (string Field, string FileName, byte[] Content)[] files)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, field, fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mailbox", UriKind.Relative)) { Content = content };
        if (address is not null)
        {
            request.Headers.Add(ClientAddressHeader, address);
        }

        return await browser.Client.SendAsync(request);
    }

    /// <summary>The query code the written page shows, as shown.</summary>
    public static string QueryCode(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector(".query-code .code")?.TextContent.Trim()
        ?? throw new Xunit.Sdk.XunitException("No query code on the page:\n" + html);

    public static string? Problem(string html) => new HtmlParser().ParseDocument(html).QuerySelector(".form-problem")?.TextContent;

    public static Task<List<Letter>> LettersByPhoneAsync(this PortalApplication app, string phone) =>
        app.WithDbAsync(db => db.Letters.AsNoTracking().Include(l => l.Events).Include(l => l.Attachments).ThenInclude(a => a.MediaFile)
            .Where(l => l.WriterPhone == phone).ToListAsync());

    private sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[ClientAddressHeader] is [{ } address])
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
