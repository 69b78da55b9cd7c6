using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace LnUnion.Portal.Security;

/// <summary>
/// The data-protection keys (they sign the sign-in cookies and antiforgery tokens) are kept in the database so every
/// web node shares them. In production they should be encrypted there with a certificate, so that a copy of the
/// database or of a backup is not enough to forge a sign-in. Section "DataProtection".
/// </summary>
public static partial class KeyProtection
{
    public const string Section = "DataProtection";

    /// <summary>
    /// Encrypts new keys with the certificate in <c>DataProtection:CertificatePath</c> (a PFX file, the same on every
    /// node; <c>DataProtection:CertificatePassword</c> opens it) and reads keys encrypted with it. Without one, outside
    /// Development, says once in plain words what that means.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAsConfigured(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["CertificatePath"] is { Length: > 0 } path)
        {
            return builder.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"]));
        }

        builder.Services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory, IHostEnvironment>((_, loggers, environment) =>
        {
            if (!environment.IsDevelopment())
            {
                KeysUnencrypted(loggers.CreateLogger(typeof(KeyProtection)));
            }
        });
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DataProtection:CertificatePath is not set, so the keys that sign staff sign-ins are stored in the database unencrypted: anyone with a copy of the database could forge a sign-in. See docs/operations.md, \"Protecting the sign-in keys\".")]
    private static partial void KeysUnencrypted(ILogger logger);
}
