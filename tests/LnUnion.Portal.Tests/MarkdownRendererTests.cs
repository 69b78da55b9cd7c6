using LnUnion.Portal.Rendering;


namespace LnUnion.Portal.Tests;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    public static TheoryData<string> HostileMarkdown => new()
    {
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](&#106;avascript:alert(1))",
        "[点我](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
        "[点我](java\tscript:alert(1))",
        "<javascript:alert(1)>",
        "![图](data:image/svg+xml,<svg onload=alert(1)>)",
        "![图](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[点我](data:text/html,<script>alert(1)</script>)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"#\" onclick=\"alert(1)\">点我</a>",
        "# 标题 {onclick=alert(1)}",
        "[点我](#){onmouseover=alert(1)}",
        "<iframe src=\"https://example.com\"></iframe>",
        "<svg><script>alert(1)</script></svg>",
        "<object data=\"x.swf\"></object>",
        "<form action=\"https://example.com\"><input name=p><button>登录</button></form>",
        "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">覆盖</div>",
        "<a href=\"vbscript:msgbox(1)\">点我</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://example.com\">",
        "<base href=\"https://example.com/\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    };

    [Theory]
    [MemberData(nameof(HostileMarkdown))]
    public void NothingExecutableSurvivesRendering(string markdown)
    {
        var html = _renderer.ToHtml(markdown);

        // Judge the DOM a browser would build, not the text: "onclick=" as visible text is harmless.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, ForbiddenElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} in {html}");
                Assert.NotEqual("style", attribute.Name);
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                foreach (var scheme in ForbiddenSchemes)
                {
                    Assert.False(value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={attribute.Value} in {html}");
                }
            }
        }
    }

    private static readonly string[] ForbiddenElements = ["script", "iframe", "object", "embed", "form", "input", "button", "textarea", "select", "style", "meta", "base", "link", "svg", "math"];
    private static readonly string[] ForbiddenSchemes = ["javascript:", "vbscript:", "data:"];

    [Fact]
    public void TablesListsLinksImagesAndHeadingsRender()
    {
        const string markdown = """
            ## 活动安排

            | 城市 | 日期 |
            | --- | --- |
            | 大连 | 4月12日 |

            1. 走访企业
            2. 召开座谈会

            - 鞍山
            - 辽阳

            详见[省总工会](https://example.gov.cn/news)。

            ![座谈会现场](/media/0123456789abcdef0123456789abcdef.jpg)

            **重要**内容
            """;

        var html = _renderer.ToHtml(markdown);

        Assert.Contains("<h2>活动安排</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>大连</td>", html, StringComparison.Ordinal);
        Assert.Contains("<ol>", html, StringComparison.Ordinal);
        Assert.Contains("<li>走访企业</li>", html, StringComparison.Ordinal);
        Assert.Contains("<ul>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.gov.cn/news\" rel=\"noopener noreferrer\">省总工会</a>", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/media/0123456789abcdef0123456789abcdef.jpg\" alt=\"座谈会现场\" loading=\"lazy\" decoding=\"async\">", html, StringComparison.Ordinal);
        Assert.Contains("<strong>重要</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyAPictureMarkedDecorativeKeepsARole()
    {
        var html = _renderer.ToHtml("<img src=\"/media/a.jpg\" alt=\"\" role=\"presentation\">\n\n<p role=\"button\">按钮</p>\n\n<img src=\"/media/b.jpg\" alt=\"描述\" role=\"presentation\">");

        Assert.Contains("<img src=\"/media/a.jpg\" alt=\"\" role=\"presentation\"", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("role=").Length - 1);
    }

    [Fact]
    public void CentredAndRightAlignedParagraphsAndHeadingsKeepTheirAllowListedClass()
    {
        var html = _renderer.ToHtml("## 关于开展职工技能大赛的通知 {.align-center}\n\n各市总工会：\n\n辽宁省总工会 {.align-right}");

        Assert.Equal("<h2 class=\"align-center\">关于开展职工技能大赛的通知</h2>\n<p>各市总工会：</p>\n<p class=\"align-right\">辽宁省总工会</p>\n", html);
    }

    [Fact]
    public void UnderlineAndTheAllowedColoursAreKept()
    {
        var html = _renderer.ToHtml("请于<span class=\"text-red\">**十月十日前**</span>报送，<u>逾期不再受理</u>，<span class=\"text-blue\">咨询</span>。");

        Assert.Equal("<p>请于<span class=\"text-red\"><strong>十月十日前</strong></span>报送，<u>逾期不再受理</u>，<span class=\"text-blue\">咨询</span>。</p>\n", html);
    }

    public static TheoryData<string, string> OutsideTheAllowList => new()
    {
        { "<span class=\"text-red big\">红</span>", "<p><span class=\"text-red\">红</span></p>\n" },
        { "<span class=\"text-green\">绿</span>", "<p><span>绿</span></p>\n" },
        { "<span class=\"align-center\">字</span>", "<p><span>字</span></p>\n" },
        { "段落 {.text-red}", "<p>段落</p>\n" },
        { "段落 {.align-center .fixed-overlay #login}", "<p class=\"align-center\">段落</p>\n" },
        { "<span style=\"color:red\" class=\"text-red\">红</span>", "<p><span class=\"text-red\">红</span></p>\n" },
        { "<font color=\"red\" size=\"7\">大</font>", "<p><font>大</font></p>\n" },
        { "<p align=\"center\" onclick=\"alert(1)\">中</p>", "<p>中</p>\n" },
        { "段落 {onclick=alert(1) .align-right}", "<p class=\"align-right\">段落</p>\n" },
    };

    [Theory]
    [MemberData(nameof(OutsideTheAllowList))]
    public void ClassesStylesAndAttributesOutsideTheAllowListAreStripped(string markdown, string expected)
    {
        Assert.Equal(expected, _renderer.ToHtml(markdown));
    }

    [Fact]
    public void AnHtmlTableKeepsItsMergedCells()
    {
        const string markdown = """
            <table>
            <tbody>
            <tr><td rowspan="2" class="align-center">工种</td><td colspan="2" class="align-center">比赛时间</td></tr>
            <tr><td>理论</td><td>实操</td></tr>
            </tbody>
            </table>
            """;

        var html = _renderer.ToHtml(markdown);

        Assert.Contains("<td rowspan=\"2\" class=\"align-center\">工种</td><td colspan=\"2\" class=\"align-center\">比赛时间</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>理论</td><td>实操</td></tr>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<td colspan=\"0\">x</td>")]
    [InlineData("<td colspan=\"-1\">x</td>")]
    [InlineData("<td colspan=\"51\">x</td>")]
    [InlineData("<td rowspan=\"501\">x</td>")]
    [InlineData("<td colspan=\"2.5\">x</td>")]
    [InlineData("<td colspan=\" 2\">x</td>")]
    [InlineData("<td colspan=\"+2\">x</td>")]
    [InlineData("<td colspan=\"1e3\">x</td>")]
    [InlineData("<td rowspan=\"99999\">x</td>")]
    [InlineData("<td colspan=\"２\">x</td>")]
    public void ColspanAndRowspanThatAreNotSmallWholeNumbersAreDropped(string cell)
    {
        var html = _renderer.ToHtml($"<table><tr>{cell}</tr></table>");

        Assert.Contains("<td>x</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ColspanOutsideATableCellIsDropped()
    {
        Assert.Equal("<p>x</p>\n", _renderer.ToHtml("<p colspan=\"2\" rowspan=\"2\">x</p>"));
    }

    [Fact]
    public void AFigureWithACaptionKeepsItsWidthAndAlignmentClasses()
    {
        var html = _renderer.ToHtml("<figure class=\"image-half align-center wide\"><img src=\"/media/0123456789abcdef0123456789abcdef.png\" alt=\"开幕式现场\" onerror=\"alert(1)\"><figcaption>开幕式现场</figcaption></figure>");

        Assert.Equal("<figure class=\"image-half align-center\"><img src=\"/media/0123456789abcdef0123456789abcdef.png\" alt=\"开幕式现场\" loading=\"lazy\" decoding=\"async\"><figcaption>开幕式现场</figcaption></figure>\n", html);
    }

    [Fact]
    public void TopLevelHeadingsBecomeSectionsBelowThePageTitle()
    {
        Assert.Equal("<h2>第一部分</h2>\n", _renderer.ToHtml("# 第一部分"));
    }

    [Fact]
    public void HeadingsStartBelowThePageTitleAndNeverSkipALevel()
    {
        Assert.Equal("<h2>开放时间</h2>\n", _renderer.ToHtml("## 开放时间"));
        Assert.Equal(
            "<h2>一</h2>\n<h3>一之一</h3>\n<h2>二</h2>\n<h3>二之一</h3>\n<h4>二之一之一</h4>\n",
            _renderer.ToHtml("# 一\n\n### 一之一\n\n# 二\n\n## 二之一\n\n#### 二之一之一"));
        Assert.Equal("<h2>上</h2>\n<h3>下</h3>\n", _renderer.ToHtml("### 上\n\n###### 下"));
    }

    [Fact]
    public void ImagesFromOtherSitesAreReplacedByTheirDescription()
    {
        var html = _renderer.ToHtml("![外站图片](https://example.com/a.png) ![本站图片](/media/0123456789abcdef0123456789abcdef.png)");

        Assert.DoesNotContain("example.com", html, StringComparison.Ordinal);
        Assert.Contains("外站图片", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/media/0123456789abcdef0123456789abcdef.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeLinkSchemesAreKept()
    {
        var html = _renderer.ToHtml("[邮件](mailto:office@example.cn) [电话](tel:02422581001) [站内](/about)");

        Assert.Contains("href=\"mailto:office@example.cn\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:02422581001\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/about\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainTextExcerptIsCutAtTheLimitWithAnEllipsis()
    {
        var text = _renderer.ToPlainText("## 标题\n\n第一段**正文**内容。\n\n第二段", 8);

        Assert.Equal("标题 第一段正文……", text);
    }

    [Fact]
    public void EmptyMarkdownRendersNothing()
    {
        Assert.Equal(string.Empty, _renderer.ToHtml(null));
        Assert.Equal(string.Empty, _renderer.ToHtml("   "));
    }

    public static TheoryData<string> TooDeeplyNested => new()
    {
        new string('[', 128),
        new string('>', 128),
        string.Concat(Enumerable.Range(0, 64).Select(depth => new string(' ', depth * 2) + "- 第" + depth + "层\n")),
        string.Concat(Enumerable.Repeat("> - ", 70)) + "内容",
        "正常的第一段。\n\n" + new string('>', 200) + " 引用",
    };

    [Theory]
    [MemberData(nameof(TooDeeplyNested))]
    public void MarkdownTooDeeplyNestedToRenderGivesANoteAndAReasonInsteadOfAnException(string markdown)
    {
        Assert.Equal(MarkdownRenderer.UnrenderableNote, _renderer.ToHtml(markdown));
        Assert.Contains("嵌套过深", _renderer.Problem(markdown), StringComparison.Ordinal);
        Assert.Contains("嵌套过深", _renderer.ToPreviewHtml(markdown), StringComparison.Ordinal);
        _ = _renderer.ToPlainText(markdown, 200);
    }

    [Fact]
    public void TextLongerThanTheLimitIsRefusedWithItsLength()
    {
        var markdown = new string('字', MarkdownRenderer.MaxLength + 1);

        Assert.Equal($"正文共 {MarkdownRenderer.MaxLength + 1} 个字符，超过了 {MarkdownRenderer.MaxLength} 个字符的上限，请删减或分成几篇。", _renderer.Problem(markdown));
        Assert.Equal(MarkdownRenderer.UnrenderableNote, _renderer.ToHtml(markdown));
        Assert.Null(_renderer.Problem(new string('字', MarkdownRenderer.MaxLength)));
    }

    [Fact]
    public void TextWithMoreBlocksThanTheLimitIsRefusedWithTheirNumber()
    {
        var markdown = string.Concat(Enumerable.Repeat("段\n\n", MarkdownRenderer.MaxBlocks + 1));

        Assert.Contains($"共有 {MarkdownRenderer.MaxBlocks + 1} 个段落", _renderer.Problem(markdown), StringComparison.Ordinal);
        Assert.Null(_renderer.Problem(string.Concat(Enumerable.Repeat("段\n\n", MarkdownRenderer.MaxBlocks))));
    }

    /// <summary>
    /// The largest text the limits let through, written to make the longest run of sibling elements (a line break
    /// and a line per two characters), which HTML serialisation used to handle in time growing with its square.
    /// </summary>
    [Fact]
    public void TheLargestTextAllowedRendersInLinearTime()
    {
        var lines = string.Concat(Enumerable.Repeat("行\n", MarkdownRenderer.MaxLength / 2));
        var paragraphs = string.Concat(Enumerable.Repeat("段落\n\n", MarkdownRenderer.MaxBlocks));
        _renderer.ToHtml("预热");

        foreach (var markdown in new[] { lines, paragraphs })
        {
            var timer = System.Diagnostics.Stopwatch.StartNew();
            var html = _renderer.ToHtml(markdown);
            timer.Stop();

            Assert.NotEqual(MarkdownRenderer.UnrenderableNote, html);
            // About a second on a busy test machine; the quadratic serialiser took over a minute for the lines.
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(8), $"{markdown.Length} characters took {timer.Elapsed}");
        }
    }

    public static TheoryData<string> OddInput => new()
    {
        "\0\0\0",
        "\uD800 孤立的代理项 \uDFFF",
        new string('|', 5000),
        "+---+\n" + string.Concat(Enumerable.Repeat("| a |\n+---+\n", 2000)),
        new string('*', 10000),
        new string('`', 10000),
        string.Concat(Enumerable.Repeat("[a](", 5000)),
        string.Concat(Enumerable.Repeat("<div>", 5000)),
        string.Concat(Enumerable.Repeat("1. ", 500)),
        "\r\r\r\n\t\u2028\u2029",
    };

    [Theory]
    [MemberData(nameof(OddInput))]
    public void OddInputNeverThrows(string markdown)
    {
        Assert.NotNull(_renderer.ToHtml(markdown));
        Assert.NotNull(_renderer.ToPreviewHtml(markdown));
        Assert.NotNull(_renderer.ToPlainText(markdown, 200));
    }
}
