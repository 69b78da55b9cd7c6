using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Checks;

/// <summary>Which of the three lists staff keep a term belongs to.</summary>
public enum CheckTermKind
{
    /// <summary>A sensitive or banned word: never to be published.</summary>
    Sensitive = 0,

    /// <summary>A common mistake, with its correct form.</summary>
    Mistake = 1,

    /// <summary>A person's name with one of their titles, valid between two dates.</summary>
    Person = 2,
}

/// <summary>One line of a list staff maintain under 内容检查.</summary>
public class CheckTerm : IVersioned
{
    public const int MaxTextLength = 50;
    public const int MaxDetailLength = 100;

    public int Id { get; set; }

    public CheckTermKind Kind { get; set; }

    /// <summary>The word, the mistake as it is written wrongly, or the person's name.</summary>
    public required string Text { get; set; }

    /// <summary>A mistake's correct form; a person's title (such as 副主席). Empty for a sensitive word.</summary>
    public string? Detail { get; set; }

    /// <summary>For a person: the first and last day the title is theirs (either open).</summary>
    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>
/// The single row whose <see cref="Stamp"/> changes with every change of any list, in the same save. Every web node
/// compares it with the stamp its matchers were built from, so a node never checks against a list another node has
/// changed since.
/// </summary>
public class CheckListStamp
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public Guid Stamp { get; set; }
}

internal sealed class CheckTermConfiguration : IEntityTypeConfiguration<CheckTerm>
{
    /// <summary>Well-known mistakes nobody argues about, so the list is useful from the first day.</summary>
    internal static readonly (string Wrong, string Right)[] SeededMistakes =
    [
        ("按装", "安装"), ("既使", "即使"), ("再接再励", "再接再厉"), ("一如继往", "一如既往"), ("迫不急待", "迫不及待"),
        ("一愁莫展", "一筹莫展"), ("走头无路", "走投无路"), ("谈笑风声", "谈笑风生"), ("甘败下风", "甘拜下风"), ("既往不究", "既往不咎"),
        ("关健", "关键"), ("部暑", "部署"), ("松驰", "松弛"), ("针贬", "针砭"), ("峻工", "竣工"), ("坚苦奋斗", "艰苦奋斗"),
    ];

    public void Configure(EntityTypeBuilder<CheckTerm> builder)
    {
        builder.ToTable("CheckTerms");
        builder.Property(t => t.Text).HasMaxLength(CheckTerm.MaxTextLength);
        builder.Property(t => t.Detail).HasMaxLength(CheckTerm.MaxDetailLength);
        builder.HasIndex(t => new { t.Kind, t.Text });
        var seededAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        builder.HasData(SeededMistakes.Select((m, i) => new CheckTerm
        {
            Id = i + 1,
            Kind = CheckTermKind.Mistake,
            Text = m.Wrong,
            Detail = m.Right,
            CreatedAt = seededAt,
            Version = new Guid($"6c0a5e1e-0000-4000-8000-{i + 1:D12}"),
        }));
    }
}

internal sealed class CheckListStampConfiguration : IEntityTypeConfiguration<CheckListStamp>
{
    public void Configure(EntityTypeBuilder<CheckListStamp> builder)
    {
        builder.ToTable("CheckListStamps");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasData(new CheckListStamp { Id = CheckListStamp.SingletonId, Stamp = new Guid("6c0a5e1e-0000-4000-8000-000000000000") });
    }
}
