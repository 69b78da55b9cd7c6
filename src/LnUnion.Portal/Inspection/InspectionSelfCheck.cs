using LnUnion.Portal.Data;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Inspection;

/// <summary>How an indicator counts in an inspection.</summary>
public enum InspectionWeight
{
    /// <summary>单项否决: failing it fails the whole site.</summary>
    Veto,

    /// <summary>扣分: failing it costs points.</summary>
    Scored,
}

/// <summary>One thing behind a line of the report, such as a stale channel, with where to go about it.</summary>
public sealed record InspectionDetail(string Text, string? Url = null);

/// <summary>One indicator of the self-check: whether the site passes it now, in a sentence, and what is behind it.</summary>
public sealed record InspectionLine(string Title, InspectionWeight Weight, bool Failed, string Summary, IReadOnlyList<InspectionDetail> Details);

public sealed record InspectionReport(DateTime ComputedAt, IReadOnlyList<InspectionLine> Lines)
{
    public int FailedVetoes => Lines.Count(l => l.Failed && l.Weight == InspectionWeight.Veto);

    public int FailedScored => Lines.Count(l => l.Failed && l.Weight == InspectionWeight.Scored);
}

/// <summary>What every indicator is computed from: the database, the limits and one moment for all lines.</summary>
public sealed record InspectionContext(PortalDbContext Db, InspectionOptions Limits, DateTime NowUtc);

/// <summary>
/// One line of the self-check. A feature with something to report (the mailbox's letters past their deadline)
/// implements this and registers it in <see cref="InspectionSetup.AddInspectionSelfCheck"/>; the page, the dashboard
/// and the tests pick it up from there.
/// </summary>
public interface IInspectionItem
{
    Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken);
}

/// <summary>The self-check (网站自查): every registered <see cref="IInspectionItem"/>, in the order registered, computed now.</summary>
public sealed class InspectionSelfCheck(PortalDbContext db, IOptions<InspectionOptions> options, IEnumerable<IInspectionItem> items, TimeProvider clock)
{
    public InspectionOptions Limits => options.Value;

    public async Task<InspectionReport> ComputeAsync(CancellationToken cancellationToken)
    {
        var context = new InspectionContext(db, Limits, clock.GetUtcNow().UtcDateTime);
        var lines = new List<InspectionLine>();
        foreach (var item in items)
        {
            lines.Add(await item.EvaluateAsync(context, cancellationToken));
        }

        return new InspectionReport(context.NowUtc, lines);
    }
}

public static class InspectionSetup
{
    public static IServiceCollection AddInspectionSelfCheck(this IServiceCollection services)
    {
        services.AddOptions<InspectionOptions>().BindConfiguration(InspectionOptions.Section);
        services.AddScoped<InspectionSelfCheck>();
        // The lines of the report, in the order shown. A new indicator is one class and one line here.
        services.AddScoped<IInspectionItem, HomePageUpdated>();
        services.AddScoped<IInspectionItem, ChannelsUpdated>();
        services.AddScoped<IInspectionItem, EmptyChannels>();
        services.AddScoped<IInspectionItem, SeriousFindings>();
        services.AddScoped<IInspectionItem, OtherFindings>();
        services.AddScoped<IInspectionItem, DeadLinks>();
        services.AddScoped<IInspectionItem, Mailbox.LettersPastDeadline>();
        return services;
    }
}
