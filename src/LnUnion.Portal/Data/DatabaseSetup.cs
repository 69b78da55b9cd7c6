using System.Data.Common;
using System.Runtime.CompilerServices;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Rendering;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LnUnion.Portal.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the app starts. Turn off where a DBA applies the SQL scripts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite only: run reads on statements compiled once, on a few read-only connections kept open
    /// (<see cref="SqliteStatementCache"/>). Off, every read compiles its statement again, as Microsoft.Data.Sqlite does.
    /// </summary>
    public bool KeepCompiledStatements { get; set; } = true;
}

public static class DatabaseSetup
{
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/portal.db";

    /// <summary>How long a SQLite writer waits for another to finish before giving up.</summary>
    public const int SqliteBusyTimeoutMilliseconds = 5000;

    /// <summary>
    /// Registers <see cref="PortalDbContext"/> on the configured provider, both behind the same type. Pooled: a page
    /// rendered afresh reuses a context rather than building one and its services for each request.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            var connectionString = configuration.GetConnectionString("SqlServer")
                ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:SqlServer is not set.");
            services.AddDbContextPool<PortalDbContext, SqlServerDbContext>((provider, db) => db
                .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
                .AddInterceptors(provider.GetRequiredService<RenderOnSave>()));
        }
        else
        {
            var connectionString = ResolveSqlitePath(configuration.GetConnectionString("Sqlite") ?? DefaultSqliteConnectionString, environment.ContentRootPath);
            services.AddSingleton<SqliteStatementCache>();
            services.AddDbContextPool<PortalDbContext, SqliteDbContext>((provider, db) => db
                .UseSqlite(connectionString)
                .AddInterceptors(new SqlitePragmas(), provider.GetRequiredService<RenderOnSave>())
                .AddInterceptors(options.KeepCompiledStatements ? [provider.GetRequiredService<SqliteStatementCache>()] : [])
                // Some schema changes make SQLite rebuild a table with foreign keys off, which SQLite can only switch
                // outside a transaction; EF still runs the rebuild itself in one. Expected on every first start, so
                // not a warning; BackupCommand is the way to keep a copy before upgrading.
                .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug))));
        }

        // A real query, not just a connection: a corrupt or unmigrated file must report unhealthy.
        services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database", customTestQuery: (db, ct) => db.SiteSettings.AnyAsync(ct));
        return services;
    }

    /// <summary>Migrates (unless configured not to), creates the staff roles, seeds an empty database and adds the shipped holiday arrangements it lacks.</summary>
    public static async Task PreparePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;

        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers carry on while an editor saves; the setting is stored in the file itself.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        await SeedContent.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
        await MailboxSeed.SeedAsync(db, cancellationToken);
        await Services.ServicesSeed.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
        await OfficialDays.SeedAsync(db, cancellationToken);
    }

    /// <summary>A relative SQLite file is kept under the app's content root, not wherever the process was started.</summary>
    internal static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Per-connection SQLite settings: they are not stored in the file, so each new connection needs them. They
    /// stay with the native handle, which Microsoft.Data.Sqlite keeps in its pool while EF opens and closes the
    /// connection around every query, so each handle is set up once rather than on each of a page's queries.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private static readonly string Pragmas = FormattableString.Invariant($"PRAGMA busy_timeout = {SqliteBusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
        private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> SetUp = [];
        private static readonly object Done = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (IsNew(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                command.ExecuteNonQuery();
                Remember(connection);
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (IsNew(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
                Remember(connection);
            }
        }

        private static bool IsNew(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || !SetUp.TryGetValue(handle, out _);

        private static void Remember(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                SetUp.AddOrUpdate(handle, Done);
            }
        }
    }
}

/// <summary>Lets <c>dotnet ef</c> build each provider's context without starting the app or reaching a server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite(DatabaseSetup.DefaultSqliteConnectionString).Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDbContext>
{
    public SqlServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerDbContext>().UseSqlServer("Server=.;Database=LnUnionPortal;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
