using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using WordParagraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace LnUnion.Portal.Checks;

/// <summary>The text of one attachment, or why it could not be read in full.</summary>
public sealed record AttachmentContent(string Name, string Text, string? Problem);

/// <summary>
/// Reads the text of an article's Word (docx), Excel (xlsx) and PDF attachments for the checks. Bounded: at most
/// <see cref="MaxFileBytes"/> per file, <see cref="MaxCharacters"/> of text and <see cref="TimeLimit"/> of work; a
/// file that is broken, encrypted or too big is reported as a problem, never thrown.
/// </summary>
public sealed partial class AttachmentText(PortalDbContext db, MediaStorage storage, ILogger<AttachmentText> logger)
{
    public const long MaxFileBytes = 30L * 1024 * 1024;
    public const int MaxCharacters = 2_000_000;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<AttachmentContent>> ReadAsync(IReadOnlyList<int> mediaIds, CancellationToken cancellationToken)
    {
        if (mediaIds.Count == 0)
        {
            return [];
        }

        var files = await db.MediaFiles.AsNoTracking()
            .Where(f => mediaIds.Contains(f.Id))
            .Select(f => new { f.Id, f.OriginalName, f.StoredName, f.Size })
            .ToListAsync(cancellationToken);
        var contents = new List<AttachmentContent>();
        foreach (var file in files.OrderBy(f => mediaIds.ToList().IndexOf(f.Id)))
        {
            var reader = ReaderFor(file.OriginalName);
            if (reader is null)
            {
                continue;
            }

            if (file.Size > MaxFileBytes)
            {
                contents.Add(new AttachmentContent(file.OriginalName, string.Empty, "文件太大，未检查其中的内容"));
                continue;
            }

            contents.Add(await Task.Run(() => Read(file.OriginalName, storage.PathOf(file.StoredName), reader, cancellationToken), cancellationToken));
        }

        return contents;
    }

    private delegate void Reader(Stream stream, TextBudget budget);

    private static Reader? ReaderFor(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".docx" => ReadWord,
        ".xlsx" => ReadExcel,
        ".pdf" => ReadPdf,
        _ => null,
    };

    private AttachmentContent Read(string name, string? path, Reader reader, CancellationToken cancellationToken)
    {
        var budget = new TextBudget(cancellationToken);
        try
        {
            // A file that is gone is the link checks' finding (missing-file); saying it again here would count it twice.
            if (path is null || !File.Exists(path))
            {
                return new AttachmentContent(name, string.Empty, null);
            }

            using var stream = File.OpenRead(path);
            reader(stream, budget);
            return new AttachmentContent(name, budget.Text, budget.Exhausted ? "内容太多，只检查了前面部分" : null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A broken, encrypted or hostile file is a finding for the editor, not an error of the site.
            Unreadable(logger, exception, name);
            return new AttachmentContent(name, budget.Text, "文件无法打开（可能已损坏或加密），未能检查其中的内容");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment {Name} could not be read for the checks")]
    private static partial void Unreadable(ILogger logger, Exception exception, string name);

    private static readonly OpenSettings Settings = new() { MaxCharactersInPart = MaxCharacters * 4L };

    private static void ReadWord(Stream stream, TextBudget budget)
    {
        using var document = WordprocessingDocument.Open(stream, false, Settings);
        var body = document.MainDocumentPart?.Document?.Body;
        foreach (var paragraph in body?.Descendants<WordParagraph>() ?? [])
        {
            if (!budget.Add(paragraph.InnerText))
            {
                return;
            }
        }
    }

    private static void ReadExcel(Stream stream, TextBudget budget)
    {
        using var document = SpreadsheetDocument.Open(stream, false, Settings);
        var workbook = document.WorkbookPart;
        if (workbook is null)
        {
            return;
        }

        foreach (var item in workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>() ?? [])
        {
            if (!budget.Add(item.InnerText))
            {
                return;
            }
        }

        foreach (var sheet in workbook.WorksheetParts)
        {
            using var cells = OpenXmlReader.Create(sheet);
            while (cells.Read())
            {
                if (cells.ElementType == typeof(Cell) && cells.IsStartElement && cells.LoadCurrentElement() is Cell cell
                    && cell.DataType?.Value != CellValues.SharedString && cell.CellValue?.Text is { } value
                    && !budget.Add(value))
                {
                    return;
                }
            }
        }
    }

    private static void ReadPdf(Stream stream, TextBudget budget)
    {
        using var pdf = PdfDocument.Open(stream);
        foreach (var page in pdf.GetPages())
        {
            if (!budget.Add(page.Text))
            {
                return;
            }
        }
    }

    /// <summary>Collects text until the character or time limit; each piece on its own line, so numbers never run together.</summary>
    private sealed class TextBudget(CancellationToken cancellationToken)
    {
        private readonly StringBuilder _text = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public bool Exhausted { get; private set; }

        public string Text => _text.ToString();

        public bool Add(string piece)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_text.Length + piece.Length > MaxCharacters || _clock.Elapsed > TimeLimit)
            {
                Exhausted = true;
                return false;
            }

            _text.Append(piece).Append('\n');
            return true;
        }
    }
}
