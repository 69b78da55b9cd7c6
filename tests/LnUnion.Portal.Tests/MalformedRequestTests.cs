using System.Net;

namespace LnUnion.Portal.Tests;

/// <summary>Bad input gets a clear Chinese 404 or 400 page, never a 500, and never a stack trace.</summary>
[Collection(PortalTests.Name)]
public sealed class MalformedRequestTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Theory]
    [InlineData("/articles/abc")]
    [InlineData("/articles/99999999999999999999")]
    [InlineData("/articles/2147483648")]
    [InlineData("/articles/-1")]
    [InlineData("/articles/0")]
    [InlineData("/articles/999999")]
    [InlineData("/articles/1.5")]
    [InlineData("/articles/%20")]
    [InlineData("/news?page=0")]
    [InlineData("/news?page=-1")]
    [InlineData("/news?page=abc")]
    [InlineData("/news?page=999999")]
    [InlineData("/news?page=99999999999999999999")]
    [InlineData("/news?page=1e3")]
    [InlineData("/campaigns?page=01")]
    [InlineData("/campaigns?page=+1")]
    [InlineData("/campaigns?page=1%00")]
    [InlineData("/news?page=%E4%B8%80")]
    [InlineData("/news?page=1&page=1")]
    [InlineData("/campaigns?page=1&PAGE=2")]
    [InlineData("/no-such-channel")]
    [InlineData("/Not_A_Slug!")]
    [InlineData("/%E5%B7%A5%E4%BC%9A")]
    [InlineData("/about/nothing")]
    [InlineData("/media/../../etc/passwd")]
    [InlineData("/media/0123456789abcdef0123456789abcdef.jpg")]
    [InlineData("/media/%2e%2e%2fappsettings.json")]
    [InlineData("/error/500")]
    public async Task MalformedOrUnknownAddressesGetTheChineseNotFoundPage(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", html, StringComparison.Ordinal);
        PublicHtml.AssertElement(html, "a", "返回首页", "href=/");
        Assert.Contains("22581001", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverlongAddressGetsAClearErrorNotAServerError()
    {
        var response = await _client.GetAsync(new Uri("/" + new string('a', 5000), UriKind.Relative));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/news", "/news?page=")]
    [InlineData("/news?page=", "/news")]
    public async Task ABlankPageNumberIsTheFirstPageWhicheverOfTheTwoAddressesIsAskedFirst(string first, string second)
    {
        // A fresh channel, so neither address is cached by another test before this one asks.
        var slug = await app.AddChannelAsync($"blank-{Guid.NewGuid():N}"[..20]);
        var firstResponse = await _client.GetAsync(new Uri(first.Replace("news", slug, StringComparison.Ordinal), UriKind.Relative));
        var secondResponse = await _client.GetAsync(new Uri(second.Replace("news", slug, StringComparison.Ordinal), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(await firstResponse.Content.ReadAsStringAsync(), await secondResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PageNumberOneIsTheChannelsFirstPage()
    {
        var response = await _client.GetAsync(new Uri("/campaigns?page=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("statusCode=200")]
    [InlineData("statusCode=403")]
    [InlineData("statusCode=404")]
    [InlineData("statusCode=451")]
    [InlineData("statusCode=500")]
    public async Task ErrorPageShowsTheRealStatusWhateverTheFormPosted(string form)
    {
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await _client.PostAsync(new Uri("/about?statusCode=401", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("此页面不支持这种访问方式", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostingToAPublicPageIsRefusedPolitely()
    {
        using var content = new StringContent("x");
        var response = await _client.PostAsync(new Uri("/about", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("此页面不支持这种访问方式", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
