using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Data;

/// <summary>
/// The content a fresh database starts with, taken from the federation's current home page
/// (shared/seed, converted to Simplified Chinese with the converter's pinyin removed). Where the snapshot is cut off
/// the text ends with "……": nothing here is invented. The articles are marked as samples for editors to replace.
/// One character pair is restored rather than converted: the snapshot's garbled "能夠?qū)W習" reads 能够学习.
/// </summary>
public static class SeedContent
{
    public const string OrganisationName = "辽宁省总工会";

    /// <summary>The two service entries of the home page: a WeChat mini program and the employment service account.</summary>
    public const string MiniProgramName = "辽工服务小程序";

    public const string EmploymentAccountName = "工会就业服务号";

    public const string Introduction =
        "辽宁省总工会是辽宁省工会组织的领导机关。在省委和全总的坚强领导下，以增强工会组织吸引力凝聚力为目标，" +
        "以大力构建中国特色和谐劳动关系为主线，以夯实基层基础为着力点，以强化维权服务为关键点，积极构建服务职工工作体系，" +
        "努力建设新型工会，围绕中心、服务大局，改革创新、奋发作为，团结动员广大职工为推动经济社会发展作出了重大贡献。";

    public const string Responsibilities =
        "辽宁省总工会的主要职责是：\n\n1、组织和指导各级工会贯彻落实党和国家关于……";

    public const string InspectionTitle = "省委第一巡视组巡视省总工会党组工作动员会议召开";

    public const string InspectionBody =
        "根据省委关于巡视工作的统一部署，近日，省委第一巡视组巡视省总工会党组工作动员会议召开。会前，省委第……";

    /// <summary>The snapshot gives the report no headline; this is its first sentence without the dates, word for word.</summary>
    public const string CampaignTitle = "省总工会“千名工会干部进企业 服务全面振兴新突破”专项行动小组深入大连市、鞍山市、辽阳市进行走访调研";

    public const string CampaignBody = """
        4月12日至14日，省总工会“千名工会干部进企业 服务全面振兴新突破”专项行动小组深入大连市、鞍山市、辽阳市进行走访调研。

        在大连市，专项行动小组来到位于金普新区的大众汽车自动变速器（大连）有限公司，实地了解企业需求，帮助企业纾困解难，坚定企业发展信心。前期，专项行动小组已与该公司建立常态化联系机制，此次又在企业现场召开座谈会。座谈会上，专项行动小组认真听取了企业情况介绍，就企业在发展中遇到的困难进行认真分析，并对之前解决的部分问题给予反馈，进一步了解企业经营情况以及未来发展规划，深入沟通企业在能源、环境、再制造项目等方面遇到的具体问题。专项行动小组对企业经营取得的成绩和承担的社会责任表示肯定，鼓励企业进一步坚定发展信心，继续探索创新，不断提高核心竞争力，实现经济发展、企业经营和社会效益共赢局面，并表示将对收集上来的问题逐个进行梳理，发挥工会组织优势，为企业解决急难愁盼问题，助力经济高质量发展，为实现全面振兴新突破贡献力量。

        在鞍山市，专项行动小组听取了鞍山市工会网络工作建设情况汇报，先后深入鞍山发蓝股份公司、鞍山市东信快递服务有限公司、鞍山钢峰风机有限责任公司、鞍钢基石矿业有限公司等企业开展调研。实地查看了工会服务阵地建设情况，走访慰问了部分一线职工，详细了解了企业生产经营状况和职工队伍、工会作用发挥、职工权益保障等情况，并就企业和职工在生产生活中遇到的困难和问题，以及对优化工会服务的建议和需求征求了意见。

        调研中，专项行动小组向有关企业介绍了省委、省政府关于服务和促进企业发展的政策精神，讲解了省总工会开展“千名工会干部进企业服务全面振兴新突破”专项行动的目的、意义和服务举措，欢迎企业依据自身发展实际需要，向各级工会组织申请政策和服务支持，促进实现企业受助强发展、工会服务有成效的良性循环。针对企业提出的希望上级工会在企业工会规范化建设、职工职业技能培训、生产技术创新升级等方面提供支持、指导和服务等意见和建议，专项行动小组表示，省总工会将坚持问题导向，协调各级工会做好对接服务。

        在辽阳市，专项行动小组先后深入辽宁奥克医药辅料股份有限公司和中国石油辽阳石化分公司进行实地调研考察。积极向企业和职工宣讲省委、省政府出台的惠企纾困政策和工会支持企业发展、服务职工群众的若干措施，对于企业在职工之家、工间休息站等建设方面存在的困难和问题，省总工会可以给予一定的帮助和支持。

        在调研中，辽宁奥克医药辅料股份有限公司提出，公司在进行管理、技术、技能人才设计职业发展通道的三通道建设过程中遇到了建立能力水平评价标准难的问题。专项行动小组表示，省总工会将积极搭建有效平台，让企业能够学习优秀国企或其他大中型企业的先进经验，建立科学完整实用的评价体系，进一步调动广大职工积极性和主动性，促进民营企业健康成长，为辽宁全面振兴新突破作出新的贡献。
        """;

    /// <summary>Fills an empty database. Does nothing once any channel exists, so a restart never duplicates content.</summary>
    public static async Task SeedAsync(PortalDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (await db.Channels.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;

        var news = new Channel { Slug = ChannelSlugs.News, Name = "工会要闻", SortOrder = 1, Kind = ChannelKind.News };
        var notices = new Channel { Slug = ChannelSlugs.Notices, Name = "通知公告", SortOrder = 2, Kind = ChannelKind.Notices };
        var inspection = new Channel { Slug = ChannelSlugs.Inspection, Name = "巡视工作", SortOrder = 3, Kind = ChannelKind.Notices };
        var campaigns = new Channel { Slug = ChannelSlugs.Campaigns, Name = "专项行动", SortOrder = 4, Kind = ChannelKind.Notices };
        db.Channels.AddRange(news, notices, inspection, campaigns);

        db.Articles.AddRange(
            SampleArticle(inspection, InspectionTitle, InspectionBody, now, new InspectionDetails { Team = "省委第一巡视组" }),
            SampleArticle(campaigns, CampaignTitle, CampaignBody, now, new InspectionDetails()));

        db.Pages.AddRange(
            NewPage(PageSlugs.About, "机构简介", Introduction, now),
            NewPage(PageSlugs.Responsibilities, "主要职责", Responsibilities, now),
            NewPage(PageSlugs.Contact, "联系我们", string.Empty, now));

        db.SiteSettings.Add(new SiteSettings
        {
            OrganisationName = OrganisationName,
            Address = "沈阳市沈河区北站路118号",
            Postcode = "110832",
            Phone = "22581001",
            CopyrightLine = "Copyright © 2018 Liaoning Provincial Federation of Trade Unions. All rights reserved.",
            UpdatedAt = now,
        });

        db.ServiceAccounts.AddRange(
            new ServiceAccount { Name = MiniProgramName, SortOrder = 1 },
            new ServiceAccount { Name = EmploymentAccountName, SortOrder = 2 });

        await db.SaveChangesAsync(cancellationToken);
    }

    private static Article SampleArticle(Channel channel, string title, string body, DateTime now, InspectionDetails inspection)
    {
        var article = new Article
        {
            Channel = channel,
            Title = title,
            BodyMarkdown = body,
            Status = ArticleStatus.Published,
            PublishAt = now,
            IsSample = true,
            Inspection = inspection,
            CreatedAt = now,
            UpdatedAt = now,
        };
        article.Revisions.Add(new ArticleRevision { Title = title, BodyMarkdown = body, CreatedAt = now, Note = "初始示例内容" });
        return article;
    }

    private static Page NewPage(string slug, string title, string body, DateTime now)
    {
        var page = new Page { Slug = slug, Title = title, BodyMarkdown = body, UpdatedAt = now };
        page.Revisions.Add(new PageRevision { Title = title, BodyMarkdown = body, CreatedAt = now, Note = "初始内容" });
        return page;
    }
}
