using System.Text.RegularExpressions;
using LnUnion.Portal.Chinese;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests;

public sealed partial class ChineseConverterTests
{
    private static readonly ChineseConverter Converter = ChineseConverter.Load();

    [Theory]
    [InlineData("发展", "發展")]
    [InlineData("干部", "幹部")]
    [InlineData("头发", "頭髮")]
    [InlineData("皇后", "皇后")]
    [InlineData("后来", "後來")]
    [InlineData("里面", "裡面")]
    [InlineData("公里", "公里")]
    [InlineData("面条", "麵條")]
    [InlineData("为", "為")]
    [InlineData("着", "著")]
    [InlineData("线", "線")]
    [InlineData("干燥", "乾燥")]
    [InlineData("头发和发展", "頭髮和發展")]
    [InlineData("辽宁省总工会", "遼寧省總工會")]
    [InlineData("专项行动", "專項行動")]
    public void SimplifiedBecomesTaiwanStandardTraditionalPhraseByPhrase(string simplified, string traditional) =>
        Assert.Equal(traditional, Converter.ToTraditional(simplified));

    [Theory]
    [InlineData("遼寧省總工會", "辽宁省总工会")]
    [InlineData("專項行動", "专项行动")]
    [InlineData("幹部", "干部")]
    [InlineData("頭髮", "头发")]
    [InlineData("後來", "后来")]
    [InlineData("皇后", "皇后")]
    [InlineData("裡面", "里面")]
    [InlineData("裏面", "里面")]
    [InlineData("麵條", "面条")]
    [InlineData("著力點", "着力点")]
    [InlineData("著名", "著名")]
    [InlineData("鞍山 調研", "鞍山 调研")]
    public void TraditionalBecomesSimplifiedForSearch(string traditional, string simplified) =>
        Assert.Equal(simplified, Converter.ToSimplified(traditional));

    [Theory]
    [InlineData("")]
    [InlineData("<a href=\"/articles/1\" class=\"x\">Copyright © 2018</a>")]
    [InlineData("𠀀𪚥 and 😀")]
    public void MarkupLatinAndCharactersWithoutAVariantPassThroughUnchanged(string text) =>
        Assert.Equal(text, Converter.ToTraditional(text));

    [Fact]
    public void CompatibilityIdeographsAreNormalisedBeforeConversion() =>
        Assert.Equal("裡面", Converter.ToTraditional("\uF9E9面"));

    /// <summary>The seed text converted to Traditional is the federation's own Traditional page, paragraph by paragraph, except where that page's converter went wrong.</summary>
    [Theory]
    [MemberData(nameof(SeedParts))]
    public void SeedTextConvertedToTraditionalIsTheSnapshotCorrectedWhereItsConverterWentCharacterByCharacter(string part)
    {
        var (simplified, snapshot) = Part(part);

        var corrected = SnapshotMistakes.Aggregate(snapshot, (text, mistake) => text.Replace(mistake.Snapshot, mistake.OpenCC, StringComparison.Ordinal));

        Assert.Equal(corrected, Converter.ToTraditional(simplified));
    }

    [Fact]
    public void TheLastCampaignParagraphNeedsNoCorrectionAtAll()
    {
        var (simplified, snapshot) = Part("campaign 6");

        Assert.Equal(snapshot, Converter.ToTraditional(simplified));
    }

    [Fact]
    public void EverySnapshotMistakeListedIsReallyInTheSnapshot()
    {
        var snapshot = string.Concat(SeedPartNames.Select(name => Part(name).Traditional));

        Assert.All(SnapshotMistakes, mistake => Assert.Contains(mistake.Snapshot, snapshot, StringComparison.Ordinal));
    }

    /// <summary>The check: the seed's own Traditional text, converted back, is the seeded Simplified text.</summary>
    [Theory]
    [MemberData(nameof(SeedParts))]
    public void TheSnapshotConvertedBackToSimplifiedIsTheSeedText(string part)
    {
        var (simplified, snapshot) = Part(part);

        Assert.Equal(simplified, Converter.ToSimplified(snapshot));
    }

    /// <summary>
    /// Where the snapshot's converter mapped one Simplified character to one Traditional character regardless of the word,
    /// and OpenCC's phrases give the standard form.
    /// </summary>
    private static readonly (string Snapshot, string OpenCC)[] SnapshotMistakes =
    [
        ("關系", "關係"),
        ("聯系", "聯繫"),
        ("關于", "關於"),
        ("位于", "位於"),
        ("對于", "對於"),
        ("干部", "幹部"),
        ("了解", "瞭解"),
        ("并", "並"),
        ("再制造", "再製造"),
        ("匯報", "彙報"),
        ("先后", "先後"),
        ("征求", "徵求"),
        ("規范", "規範"),
    ];

    private static readonly string[] SeedPartNames =
        ["introduction", "responsibilities", "inspection", "campaign 1", "campaign 2", "campaign 3", "campaign 4", "campaign 5", "campaign 6"];

    public static TheoryData<string> SeedParts => [.. SeedPartNames];

    private static (string Simplified, string Traditional) Part(string name)
    {
        var campaign = SeedContent.CampaignBody.Split("\n\n");
        return name switch
        {
            "introduction" => (SeedContent.Introduction, SnapshotLines[0][..SnapshotLines[0].IndexOf(" 遼寧省總工會的主要職責是", StringComparison.Ordinal)]),
            // The seed sets the list apart as Markdown; the snapshot has it on the same line.
            "responsibilities" => (SeedContent.Responsibilities.Replace("\n\n", " ", StringComparison.Ordinal), SnapshotLines[0][(SnapshotLines[0].IndexOf(" 遼寧省總工會的主要職責是", StringComparison.Ordinal) + 1)..]),
            "inspection" => (SeedContent.InspectionBody, SnapshotLines[2].Replace(" [詳情]", "", StringComparison.Ordinal)),
            _ => (campaign[int.Parse(name["campaign ".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1], SnapshotLines[int.Parse(name["campaign ".Length..], System.Globalization.CultureInfo.InvariantCulture) + 2]),
        };
    }

    /// <summary>
    /// The federation's Traditional home page (shared/seed) line by line, cleaned as the seed was: its converter's
    /// pinyin such as 領(lǐng) removed, the garbled 夠?qū)W習 restored as SeedContent's remarks say, stray "?" at line
    /// starts dropped, and its ASCII punctuation written full-width as the seed writes it.
    /// </summary>
    private static readonly string[] SnapshotLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "000_304a3e265c1b60ad.txt"))
        .Select(line => Pinyin().Replace(line, "")
            .Replace("?qū)W", "學", StringComparison.Ordinal)
            .TrimStart('?')
            .Replace(',', '，')
            .Replace(':', '：')
            .Replace('(', '（')
            .Replace(')', '）')
            .Replace("..", "……", StringComparison.Ordinal))
        .ToArray();

    [GeneratedRegex("\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\\)")]
    private static partial Regex Pinyin();
}
