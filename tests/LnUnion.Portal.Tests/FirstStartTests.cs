using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>What a person starting the program sees: the commands on --help, and the sign-in keys protected when configured.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task HelpPrintsTheCommandsAndStartsNothing()
    {
        var folder = Directory.CreateTempSubdirectory("lnunion-help-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("--help");
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(folder, "portal.db")}";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("create-admin --email", output, StringComparison.Ordinal);
        Assert.Contains("backup --to", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "portal.db")), "--help opened the database.");
    }

    [Fact]
    public async Task WithACertificateConfiguredTheSignInKeysAreStoredEncrypted()
    {
        var folder = Directory.CreateTempSubdirectory("lnunion-keys-").FullName;
        var pfx = Path.Combine(folder, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=LnUnion.Portal data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "测试证书密码"));
        }

        await using var app = new PortalApplication();
        await using var protectedKeys = app.WithWebHostBuilder(builder => builder
            .UseSetting("DataProtection:CertificatePath", pfx)
            .UseSetting("DataProtection:CertificatePassword", "测试证书密码"));
        using var client = protectedKeys.CreateClient();
        // The sign-in page's antiforgery token needs a key: the first one is made now.
        var login = await client.GetAsync(new Uri("/admin/login", UriKind.Relative));
        Assert.True(login.IsSuccessStatusCode);
        // A token issued with the encrypted key is read back, so the key can be decrypted again.
        Assert.Contains("__RequestVerificationToken", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = protectedKeys.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }
}
