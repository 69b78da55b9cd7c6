namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record MediaRow(int Id, string OriginalName, string StoredName, string ContentType, long Size, DateTime UploadedAt, string? UploadedBy, bool IsImage, bool CanDelete);

public sealed record MediaListModel(IReadOnlyList<MediaRow> Files, int Page, int PageCount, long MaxBytes, string? Query);
