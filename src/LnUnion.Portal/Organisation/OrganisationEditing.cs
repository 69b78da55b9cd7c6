using System.Text.Json;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Text;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Organisation;

public enum OrganisationSave
{
    Saved,
    NotFound,

    /// <summary>Someone else saved the entry since the form was loaded: nothing was saved.</summary>
    Conflict,
}

/// <summary>A revision as the history lists it.</summary>
public sealed record OrganisationRevisionRow(int Id, DateTime CreatedAt, string? CreatedBy, string? Note);

/// <summary>
/// The one way 机构设置 and 领导之窗 change: each save of a unit or leader adds a revision with who and when, and
/// evicts the public page that shows it. Nothing here knows about HTTP.
/// </summary>
public sealed class OrganisationEditing(PortalDbContext db, ContentChanges changes, TimeProvider clock)
{
    public Task<UnitInput?> UnitAsync(int id, CancellationToken cancellationToken) =>
        db.OrganisationUnits.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new UnitInput { Version = u.Version, Kind = u.Kind, Name = u.Name, Duties = u.Duties, Phone = u.Phone, SortOrder = u.SortOrder, IsShown = u.IsShown })
            .SingleOrDefaultAsync(cancellationToken);

    public Task<LeaderInput?> LeaderAsync(int id, CancellationToken cancellationToken) =>
        db.Leaders.AsNoTracking()
            .Where(l => l.Id == id)
            .Select(l => new LeaderInput { Version = l.Version, Name = l.Name, Title = l.Title, Responsibilities = l.Responsibilities, PhotoId = l.PhotoId, SortOrder = l.SortOrder, IsShown = l.IsShown })
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<int> AddUnitAsync(UnitInput input, string userId, CancellationToken cancellationToken)
    {
        var unit = new OrganisationUnit { Name = input.Name };
        Apply(unit, input);
        return await AddAsync(unit, OrganisationSubject.Unit, () => unit.Id, () => UnitSnapshot(input), userId, OrganisationPages.UnitsSlug, cancellationToken);
    }

    public async Task<int> AddLeaderAsync(LeaderInput input, MediaFile? newPhoto, string userId, CancellationToken cancellationToken)
    {
        var leader = new Leader { Name = input.Name, Title = input.Title };
        Apply(leader, input, newPhoto);
        return await AddAsync(leader, OrganisationSubject.Leader, () => leader.Id, () => LeaderSnapshot(leader), userId, OrganisationPages.LeadersSlug, cancellationToken);
    }

    public async Task<OrganisationSave> SaveUnitAsync(int id, UnitInput input, string userId, string? note, CancellationToken cancellationToken)
    {
        var unit = await db.OrganisationUnits.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null)
        {
            return OrganisationSave.NotFound;
        }

        Apply(unit, input);
        return await SaveAsync(unit, input.Version, () => AddRevision(OrganisationSubject.Unit, id, UnitSnapshot(input), userId, note), OrganisationPages.UnitsSlug, cancellationToken);
    }

    public async Task<OrganisationSave> SaveLeaderAsync(int id, LeaderInput input, MediaFile? newPhoto, string userId, string? note, CancellationToken cancellationToken)
    {
        var leader = await db.Leaders.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (leader is null)
        {
            return OrganisationSave.NotFound;
        }

        // A restored revision may name a photo deleted since from the media library: the entry is restored without it.
        if (input.PhotoId is { } photoId && newPhoto is null && !await db.MediaFiles.AnyAsync(m => m.Id == photoId, cancellationToken))
        {
            input.PhotoId = null;
        }

        Apply(leader, input, newPhoto);
        return await SaveAsync(leader, input.Version, () => AddRevision(OrganisationSubject.Leader, id, LeaderSnapshot(leader), userId, note), OrganisationPages.LeadersSlug, cancellationToken);
    }

    /// <summary>
    /// Saves the entry, new or <paramref name="changed"/> (if it still has the version its form was loaded with), then
    /// its revision, in one transaction: the revision is written once the entry is saved, so that it can name the
    /// entry's new id or a new photo's. The public page is evicted once both are committed.
    /// </summary>
    private async Task<OrganisationSave> SaveAsync(IVersioned? changed, Guid version, Action addRevision, string pageSlug, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (!await changes.SaveAsync(changed, version, cancellationToken))
            {
                return OrganisationSave.Conflict;
            }

            addRevision();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        changes.PageChanged(pageSlug);
        await changes.SaveAsync(cancellationToken);
        return OrganisationSave.Saved;
    }

    /// <summary>Deletes the entry; its revisions stay, ending with one noted 删除, so the history still says who removed it.</summary>
    public async Task<OrganisationSave> DeleteAsync(OrganisationSubject subject, int id, Guid version, string userId, CancellationToken cancellationToken)
    {
        IVersioned? row = subject == OrganisationSubject.Unit
            ? await db.OrganisationUnits.SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            : await db.Leaders.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (row is null)
        {
            return OrganisationSave.NotFound;
        }

        var last = await db.OrganisationRevisions.AsNoTracking()
            .Where(r => r.Subject == subject && r.SubjectId == id)
            .OrderByDescending(r => r.Id)
            .Select(r => r.Snapshot)
            .FirstOrDefaultAsync(cancellationToken);
        db.Remove(row);
        AddRevision(subject, id, last ?? "{}", userId, "删除");
        changes.PageChanged(OrganisationPages.SlugOf(subject));
        return await changes.SaveAsync(row, version, cancellationToken) ? OrganisationSave.Saved : OrganisationSave.Conflict;
    }

    public async Task<IReadOnlyList<OrganisationRevisionRow>> RevisionsAsync(OrganisationSubject subject, int id, CancellationToken cancellationToken) =>
        await db.OrganisationRevisions.AsNoTracking()
            .Where(r => r.Subject == subject && r.SubjectId == id)
            .OrderByDescending(r => r.Id)
            .Select(r => new OrganisationRevisionRow(r.Id, r.CreatedAt, r.CreatedBy == null ? null : r.CreatedBy.DisplayName, r.Note))
            .ToListAsync(cancellationToken);

    /// <summary>A revision's saved state as the form it came from; null when there is no such revision of the entry.</summary>
    public async Task<T?> RevisionAsync<T>(OrganisationSubject subject, int id, int revisionId, CancellationToken cancellationToken)
        where T : class
    {
        var snapshot = await db.OrganisationRevisions.AsNoTracking()
            .Where(r => r.Id == revisionId && r.Subject == subject && r.SubjectId == id)
            .Select(r => r.Snapshot)
            .SingleOrDefaultAsync(cancellationToken);
        return snapshot is null ? null : JsonSerializer.Deserialize<T>(snapshot);
    }

    private async Task<int> AddAsync(object row, OrganisationSubject subject, Func<int> idOf, Func<string> snapshot, string userId, string pageSlug, CancellationToken cancellationToken)
    {
        db.Add(row);
        await SaveAsync(changed: null, version: default, () => AddRevision(subject, idOf(), snapshot(), userId, note: null), pageSlug, cancellationToken);
        return idOf();
    }

    private void AddRevision(OrganisationSubject subject, int id, string snapshot, string userId, string? note) =>
        db.OrganisationRevisions.Add(new OrganisationRevision
        {
            Subject = subject,
            SubjectId = id,
            Snapshot = snapshot,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedById = string.IsNullOrEmpty(userId) ? null : userId,
            Note = note,
        });

    private void Apply(OrganisationUnit unit, UnitInput input)
    {
        unit.Kind = input.Kind;
        unit.Name = input.Name.Trim();
        unit.Duties = TextInput.Clean(input.Duties);
        unit.Phone = TextInput.Clean(input.Phone);
        unit.SortOrder = input.SortOrder;
        unit.IsShown = input.IsShown;
        unit.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private void Apply(Leader leader, LeaderInput input, MediaFile? newPhoto)
    {
        leader.Name = input.Name.Trim();
        leader.Title = input.Title.Trim();
        leader.Responsibilities = TextInput.Clean(input.Responsibilities);
        if (newPhoto is not null)
        {
            db.MediaFiles.Add(newPhoto);
            leader.Photo = newPhoto;
        }
        else if (input.RemovePhoto)
        {
            // The file stays in the media library; only the entry stops showing it.
            leader.Photo = null;
            leader.PhotoId = null;
        }
        else
        {
            leader.PhotoId = input.PhotoId;
        }

        leader.SortOrder = input.SortOrder;
        leader.IsShown = input.IsShown;
        leader.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private static string UnitSnapshot(UnitInput input) => JsonSerializer.Serialize(new UnitInput
    {
        Kind = input.Kind,
        Name = input.Name.Trim(),
        Duties = TextInput.Clean(input.Duties),
        Phone = TextInput.Clean(input.Phone),
        SortOrder = input.SortOrder,
        IsShown = input.IsShown,
    });

    /// <summary>Read off the saved row, after a new photo has its id.</summary>
    private static string LeaderSnapshot(Leader leader) => JsonSerializer.Serialize(new LeaderInput
    {
        Name = leader.Name,
        Title = leader.Title,
        Responsibilities = leader.Responsibilities,
        PhotoId = leader.Photo?.Id ?? leader.PhotoId,
        SortOrder = leader.SortOrder,
        IsShown = leader.IsShown,
    });
}
