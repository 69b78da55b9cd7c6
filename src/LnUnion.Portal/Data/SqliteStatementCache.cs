using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LnUnion.Portal.Data;

/// <summary>
/// Runs the app's SQLite reads on statements compiled once. Microsoft.Data.Sqlite compiles every command afresh
/// (dotnet/efcore#14044), and what a command has compiled dies with it when EF closes the connection after each query.
/// For a page rendered afresh that compiling was the largest single cost: the article page's one statement (the
/// article and four neighbour subqueries, each of which SQLite's planner weighs against every index of Articles) took
/// about 370 µs to compile and 50 µs to run. So a read outside any transaction runs instead on one of a few read-only
/// connections this class keeps open, each keeping the statements it has compiled (up to
/// <see cref="StatementsPerConnection"/>, the least recently used going first).
/// </summary>
/// <remarks>
/// Only a single SELECT outside a transaction moves: every statement on its own sees the latest committed data in WAL
/// mode, whichever connection runs it, so the answer is the one EF's own connection would have given. Anything else —
/// writes (EF's INSERT … RETURNING is a reader too), reads inside a transaction, which must see its own uncommitted
/// rows, and functions of a connection's own state such as changes() — stays on EF's connection, and so does a read when
/// every kept connection is busy. The kept connections are opened read-only, so a statement that writes fails rather
/// than writing outside its transaction. A statement such a connection cannot compile (a function EF registers on its
/// own connections, say) is run by EF and not tried again. Applies to a database file only: another connection to an
/// in-memory database would be another database.
/// </remarks>
public sealed class SqliteStatementCache : DbCommandInterceptor, IDisposable
{
    /// <summary>Statements each kept connection holds: the public pages use a few dozen.</summary>
    public const int StatementsPerConnection = 128;

    /// <summary>Statements kept connections could not compile, remembered so they are not tried each time.</summary>
    private const int RefusedLimit = 256;

    private const int SqliteError = 1;

    private readonly int _maxConnections = Math.Max(4, 2 * Environment.ProcessorCount);
    private readonly ConcurrentBag<KeptConnection> _idle = [];
    private readonly ConditionalWeakTable<DbDataReader, KeptConnection> _reading = [];
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.Ordinal);
    private string? _connectionString;
    private string? _readOnlyConnectionString;
    private int _connections;
    private volatile bool _disposed;

    /// <summary>Reads run on kept connections since start; for tests and the benchmarks' own checks.</summary>
    public long KeptReads => Interlocked.Read(ref _keptReads);

    private long _keptReads;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        result.HasResult ? result : Run(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        // Microsoft.Data.Sqlite runs its asynchronous calls synchronously as well.
        ValueTask.FromResult(result.HasResult ? result : Run(command, result));

    /// <summary>EF has closed the reader (which resets the statement): its connection may take the next read.</summary>
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (_reading.TryGetValue(eventData.DataReader, out var kept))
        {
            _reading.Remove(eventData.DataReader);
            eventData.DataReader.Dispose();
            kept.Finish();
            Return(kept);
        }

        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var kept))
        {
            kept.Dispose();
        }
    }

    private InterceptionResult<DbDataReader> Run(DbCommand command, InterceptionResult<DbDataReader> result)
    {
        if (_disposed
            || command is not SqliteCommand { Connection: { Handle: { } handle } connection } sqlite
            || command.Transaction is not null
            // Not in autocommit mode: a transaction begun on the connection itself rather than through EF.
            || SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0
            || !IsSingleRead(command.CommandText)
            || _refused.ContainsKey(command.CommandText))
        {
            return result;
        }

        var kept = Rent(connection.ConnectionString);
        if (kept is null)
        {
            return result;
        }

        try
        {
            var reader = kept.Execute(sqlite);
            _reading.Add(reader, kept);
            Interlocked.Increment(ref _keptReads);
            return InterceptionResult<DbDataReader>.SuppressWithResult(reader);
        }
        catch (SqliteException exception)
        {
            if (exception.SqliteErrorCode == SqliteError)
            {
                // It does not compile here (no such function, say), and will not the next time either.
                kept.Forget(command.CommandText);
                if (_refused.Count < RefusedLimit)
                {
                    _refused.TryAdd(command.CommandText, true);
                }

                Return(kept);
            }
            else
            {
                // Busy, or the file went away: this connection is not to be trusted again, and EF's own runs the read.
                Interlocked.Decrement(ref _connections);
                kept.Dispose();
            }

            return result;
        }
    }

    /// <summary>One SELECT, touching no state of the connection it runs on.</summary>
    internal static bool IsSingleRead(string sql)
    {
        var text = sql.AsSpan().Trim();
        if (text.EndsWith(";"))
        {
            text = text[..^1];
        }

        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && !text.Contains(';')
            && !text.Contains("changes()", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("last_insert_rowid()", StringComparison.OrdinalIgnoreCase);
    }

    private KeptConnection? Rent(string connectionString)
    {
        if (_idle.TryTake(out var idle))
        {
            return idle;
        }

        var readOnly = ReadOnlyConnectionString(connectionString);
        if (readOnly is null)
        {
            return null;
        }

        if (Interlocked.Increment(ref _connections) > _maxConnections)
        {
            Interlocked.Decrement(ref _connections);
            return null;
        }

        var connection = new SqliteConnection(readOnly);
        try
        {
            connection.Open();
            return new KeptConnection(connection);
        }
        catch (SqliteException)
        {
            // Not there yet (the very first start, before the migrations make the file): EF's connection reads.
            connection.Dispose();
            Interlocked.Decrement(ref _connections);
            return null;
        }
    }

    private void Return(KeptConnection kept)
    {
        _idle.Add(kept);
        if (_disposed)
        {
            Dispose();
        }
    }

    /// <summary>The read-only twin of the app's connection string, or null when there is no file to share.</summary>
    private string? ReadOnlyConnectionString(string connectionString)
    {
        if (_connectionString is null)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            var shareable = builder.Mode != SqliteOpenMode.Memory
                && !string.IsNullOrEmpty(builder.DataSource)
                && builder.DataSource != ":memory:"
                && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
            builder.Mode = SqliteOpenMode.ReadOnly;
            builder.Pooling = false;
            _readOnlyConnectionString = shareable ? builder.ToString() : null;
            _connectionString = connectionString;
        }

        // One app has one database; a context pointed elsewhere reads on its own connection.
        return string.Equals(_connectionString, connectionString, StringComparison.Ordinal) ? _readOnlyConnectionString : null;
    }

    /// <summary>An open read-only connection and the statements it has compiled; used by one read at a time.</summary>
    private sealed class KeptConnection(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);
        private SqliteCommand? _running;
        private long _uses;

        public SqliteDataReader Execute(SqliteCommand source)
        {
            if (!_statements.TryGetValue(source.CommandText, out var statement))
            {
                if (_statements.Count >= StatementsPerConnection)
                {
                    Forget(_statements.MinBy(entry => entry.Value.LastUsed).Key);
                }

                var command = connection.CreateCommand();
                command.CommandText = source.CommandText;
                try
                {
                    command.Prepare();
                }
                catch
                {
                    command.Dispose();
                    throw;
                }

                statement = new Statement(command);
                _statements.Add(source.CommandText, statement);
            }

            statement.LastUsed = ++_uses;
            var kept = statement.Command;
            kept.CommandTimeout = source.CommandTimeout;
            kept.Parameters.Clear();
            foreach (SqliteParameter parameter in source.Parameters)
            {
                kept.Parameters.Add(parameter);
            }

            _running = kept;
            try
            {
                return kept.ExecuteReader();
            }
            catch
            {
                Finish();
                throw;
            }
        }

        /// <summary>Lets go of the last read's parameters, which belong to EF's command.</summary>
        public void Finish()
        {
            _running?.Parameters.Clear();
            _running = null;
        }

        public void Forget(string sql)
        {
            if (_statements.Remove(sql, out var statement))
            {
                statement.Command.Dispose();
            }
        }

        public void Dispose()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Command.Dispose();
            }

            _statements.Clear();
            connection.Dispose();
        }
    }

    private sealed class Statement(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;

        public long LastUsed { get; set; }
    }
}
