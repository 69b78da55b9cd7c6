namespace LnUnion.Portal.Data;

/// <summary>
/// A row staff change through a form. <see cref="PortalDbContext"/> makes <see cref="Version"/> a concurrency token
/// and renews it on every update, and each such form posts the version it was loaded with, so a save from a stale
/// form fails instead of quietly putting old values back.
/// </summary>
public interface IVersioned
{
    Guid Version { get; set; }
}
