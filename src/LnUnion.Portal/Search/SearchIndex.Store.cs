using System.Globalization;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Search;

/// <summary>The Lucene folder: opening it, checking it is whole, the one writer and its commits with their catch-up marks.</summary>
public sealed partial class SearchIndex
{
    /// <summary>Opens the folder's index if it is complete and of this layout; otherwise starts an empty one to build.</summary>
    private async Task OpenAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Close();
            System.IO.Directory.CreateDirectory(IndexPath);
            var directory = FSDirectory.Open(IndexPath);
            IndexWriter writer;
            try
            {
                writer = NewWriter(directory, OpenMode.CREATE_OR_APPEND);
            }
            catch (LockObtainFailedException)
            {
                // Another writer holds the folder: another web node wrongly given the same folder. Nothing is kept, so
                // this instance touches none of the other's files, and it tries again on the next tick.
                directory.Dispose();
                throw;
            }
            catch (IOException)
            {
                // Damaged: start afresh.
                writer = NewWriter(directory, OpenMode.CREATE);
            }

            var data = LatestCommitData(directory);
            var usable = data is not null && data.TryGetValue("layout", out var layout) && layout == Layout;
            if (!usable)
            {
                writer.DeleteAll();
            }

            (_directory, _writer) = (directory, writer);
            _searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null);
            _articleStamps.Clear();
            _pageStamps.Clear();
            ForgetTopics();
            if (usable)
            {
                _editsSeenUpTo = ReadTicks(data!, "edits");
                _switchesSeenUpTo = ReadTicks(data!, "switches");
                _complete = true;
            }
            else
            {
                _complete = false;
                // Committed at once, so the folder is recognisably an index while it is being built.
                CommitLocked();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Documents keep the order they were written in, which a broad search relies on to find the newest
    /// (<see cref="RankNewestMatches"/>): one writer thread state, so a flush never interleaves two threads' documents,
    /// and a merge policy that only merges neighbouring segments (the default merges any, which reorders them).
    /// </summary>
    private static IndexWriter NewWriter(FSDirectory directory, OpenMode mode) =>
        new(directory, new IndexWriterConfig(SearchQuery.Version, SearchQuery.Analyzer)
        {
            OpenMode = mode,
            MaxThreadStates = 1,
            MergePolicy = new LogByteSizeMergePolicy(),
        });

    private void Close()
    {
        _complete = false;
        var (searchers, writer, directory) = (_searchers, _writer, _directory);
        (_searchers, _writer, _directory) = (null, null, null);
        searchers?.Dispose();
        try
        {
            // Not Dispose: it would commit into a folder that may no longer exist.
            writer?.Rollback();
        }
        catch (IOException)
        {
            // The folder is gone with the files it would have tidied.
        }

        directory?.Dispose();
    }

    /// <summary>
    /// The folder is there with every file of its latest commit: nobody deleted it, or part of it. Checked under the
    /// gate, as a commit meanwhile would delete the files of the commit being checked.
    /// </summary>
    private async Task<bool> IsIntactAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _directory is not null
                && _writer is not null
                && System.IO.Directory.Exists(IndexPath)
                && DirectoryReader.IndexExists(_directory)
                && DirectoryReader.ListCommits(_directory)[^1].FileNames.All(name => File.Exists(Path.Combine(IndexPath, name)));
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static IDictionary<string, string>? LatestCommitData(FSDirectory directory)
    {
        try
        {
            return DirectoryReader.IndexExists(directory) ? DirectoryReader.ListCommits(directory)[^1].UserData : null;
        }
        catch (IOException)
        {
            // Damaged: rebuilt.
            return null;
        }
    }

    private static DateTime ReadTicks(IDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : DateTime.MinValue;

    private async Task<int> CountVisibleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Articles.VisibleToPublic(clock.GetUtcNow().UtcDateTime).CountAsync(cancellationToken);
    }

    private async Task WithWriterAsync(Action<IndexWriter> write)
    {
        await _gate.WaitAsync();
        try
        {
            if (_writer is { } writer)
            {
                write(writer);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CommitAsync()
    {
        await _gate.WaitAsync();
        try
        {
            CommitLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the changes durable and visible to searches. The caller holds the gate.</summary>
    private void CommitLocked()
    {
        if (_writer is not { } writer || _searchers is not { } searchers)
        {
            return;
        }

        // Lucene would quietly create the folder again, holding only this commit's new files; leave it missing, so
        // the next tick sees that and rebuilds.
        if (!System.IO.Directory.Exists(IndexPath))
        {
            throw new DirectoryNotFoundException("The search index folder has gone.");
        }

        writer.SetCommitData(new Dictionary<string, string>
        {
            // An unfinished build says so, and is built again after a restart.
            ["layout"] = _complete ? Layout : "unfinished",
            ["edits"] = _editsSeenUpTo.Ticks.ToString(CultureInfo.InvariantCulture),
            ["switches"] = _switchesSeenUpTo.Ticks.ToString(CultureInfo.InvariantCulture),
        });
        writer.Commit();
        searchers.MaybeRefreshBlocking();
    }
}
