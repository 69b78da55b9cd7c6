using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A multipart body the server cannot read is the sender's mistake: a Chinese 400, as JSON to the editor's upload call.</summary>
[Collection(PortalTests.Name)]
public sealed class MalformedUploadTests(PortalApplication app)
{
    private const string Boundary = "----portal-test-boundary";

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG" },
        { "no closing boundary", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nvalue\r\n" },
        { "header without colon", $"--{Boundary}\r\nthis is not a header\r\n\r\nvalue\r\n--{Boundary}--\r\n" },
        { "too many parts", string.Concat(Enumerable.Range(0, 1100).Select(i => $"--{Boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n{i}\r\n")) + $"--{Boundary}--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedMultipartBodyToTheEditorsUploadGetsAJsonBadRequest(string what, string body)
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var token = await editor.GetAntiforgeryTokenAsync("/admin/media");

        using var request = Request("/admin/media/upload", body, token);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await editor.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("无法读取", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedMultipartBodyToAFormGetsTheChineseBadRequestPage(string what, string body)
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var token = await editor.GetAntiforgeryTokenAsync("/admin/media");

        using var request = Request("/admin/media", body, token);
        var response = await editor.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        Assert.Contains("无法读取", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CutOffArticleFormWithItsTokenInsideGetsABadRequestNotAServerError()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var token = await editor.GetAntiforgeryTokenAsync("/admin/articles/new");
        var body = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{token}\r\n"
            + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"Input.Title\"\r\n\r\n被截断的标题";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");

        var response = await editor.Client.PostAsync(new Uri("/admin/articles/new", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请求有误", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(string path, string body, string token)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        return request;
    }
}
