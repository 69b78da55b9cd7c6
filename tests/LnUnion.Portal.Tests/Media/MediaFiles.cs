using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Media;

/// <summary>Files and rows for the media tests, made the way the app makes them or the way a crash leaves them.</summary>
public static class MediaFiles
{
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static IFormFile Form(string fileName, byte[] content) =>
        new FormFile(new MemoryStream(content), 0, content.Length, "file", fileName);

    /// <summary>A file in <paramref name="folder"/> under a new stored name (or <paramref name="storedName"/>), dated <paramref name="writtenUtc"/>.</summary>
    public static string Write(string folder, DateTime? writtenUtc = null, string? storedName = null)
    {
        var name = storedName ?? MediaStorage.NewStoredName(".png");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Png);
        if (writtenUtc is { } written)
        {
            File.SetLastWriteTimeUtc(path, written);
        }

        return name;
    }

    /// <summary>A row for <paramref name="storedName"/>; whether a file exists is up to the caller.</summary>
    public static async Task<int> AddRowAsync(this WebApplicationFactory<Program> app, string storedName, string originalName = "图片.png", string? uploadedById = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var row = new MediaFile { StoredName = storedName, OriginalName = originalName, ContentType = "image/png", Size = Png.Length, Sha256 = new string('0', 64), UploadedById = uploadedById, UploadedAt = DateTime.UtcNow };
        db.MediaFiles.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    public static async Task RemoveRowAsync(this WebApplicationFactory<Program> app, int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().MediaFiles.Where(m => m.Id == id).ExecuteDeleteAsync();
    }

    /// <summary>Every file in the media folder and the incoming folder, by name.</summary>
    public static HashSet<string> AllFiles(this WebApplicationFactory<Program> app)
    {
        var storage = app.Services.GetRequiredService<MediaStorage>();
        return [.. new[] { storage.Root, storage.IncomingRoot }.Where(Directory.Exists).SelectMany(Directory.EnumerateFiles).Select(Path.GetFileName).OfType<string>()];
    }
}
