using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;

namespace LnUnion.Portal.Commands;

/// <summary>
/// <c>create-admin --email … [--name …]</c>: creates the first administrator. There is no default account; the
/// password comes from standard input (or a hidden prompt), never from the command line or a file in the repo.
/// </summary>
public static class CreateAdminCommand
{
    public const string Usage = "dotnet run --project src/LnUnion.Portal -- create-admin --email <邮箱> [--name <姓名>]";

    public static bool IsCommand(string[] args) => args is ["create-admin", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        var email = ValueOf(args, "--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await output.WriteLineAsync($"用法：{Usage}，密码从标准输入读取。");
            return 2;
        }

        await output.WriteAsync("请输入新管理员的密码（至少 12 个字符）：");
        var password = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected ? ReadHidden() : await input.ReadLineAsync();
        await output.WriteLineAsync();
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("没有读到密码，未创建账号。");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = ValueOf(args, "--name"), RequireTwoFactor = true };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, Roles.Administrator);
        }

        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                await output.WriteLineAsync(error.Description);
            }

            return 1;
        }

        await output.WriteLineAsync($"已创建管理员 {email}。首次登录 /admin 时需要绑定身份验证器（两步验证）。");
        return 0;
    }

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string ReadHidden()
    {
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
