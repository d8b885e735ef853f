using System.Globalization;
using System.Text.RegularExpressions;
using MailManager.E2E.Infrastructure;
using Xunit.Abstractions;

namespace MailManager.E2E;

/// <summary>
/// The README's SDK example, as a new user copies it: the JavaScript block of "API: the AWS SDK and CLI", run with
/// Node.js and the pinned SDK against the published app. Only the endpoint and the credentials are replaced by this
/// app's and a key's.
/// </summary>
public sealed partial class ReadmeApiExampleTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"## API: the AWS SDK and CLI.*?```js\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [Fact]
    public async Task The_README_SDK_example_runs_unchanged_against_the_published_app()
    {
        ExternalProcess.Require("node");
        await ApiSdk.EnsureInstalledAsync();
        var readme = await File.ReadAllTextAsync(RepositoryRoot.Combine("README.md"));
        var example = ExampleBlock().Match(readme);
        Assert.True(example.Success, "README.md has no ```js block under \"## API: the AWS SDK and CLI\".");
        var code = example.Groups["code"].Value;
        Assert.Contains("endpoint: \"http://localhost:5000\"", code);
        Assert.Contains("credentials: { accessKeyId: \"AKIA…\", secretAccessKey: \"…\" }", code);

        using TemporaryFolder data = new("mm-readme-data-");
        using TemporaryFolder work = new("mm-readme-cwd-");
        var key = await ApiSdk.CreateAccessKeyAsync(data.Path);
        var smtpPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var app = await PublishedApp.StartAsync(data.Path, work.Path, new Dictionary<string, string>
        {
            ["MailManager__Admin__Password"] = "Readme-Admin-Passw0rd!",
            ["MailManager__Ingress__PreferStandardPorts"] = "false",
            ["MailManager__Ingress__PortRangeStart"] = smtpPort,
            ["MailManager__Ingress__PortRangeEnd"] = smtpPort,
            ["MailManager__Ingress__DefaultBindAddress"] = "127.0.0.1",
        });
        await ServiceProbe.WaitUntilReadyAsync(app);

        // Beside the SDK's node_modules, so that its imports resolve as they do in the user's project.
        var script = Path.Combine(ApiSdk.Folder, $"readme-example-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, code
            .Replace("endpoint: \"http://localhost:5000\"", $"endpoint: \"{app.BaseUrl.TrimEnd('/')}\"", StringComparison.Ordinal)
            .Replace("credentials: { accessKeyId: \"AKIA…\", secretAccessKey: \"…\" }",
                "credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }", StringComparison.Ordinal));
        ExternalProcess.Result run;
        try
        {
            run = await ExternalProcess.RunAsync("node", [script], TimeSpan.FromMinutes(2), workingDirectory: ApiSdk.Folder,
                environment: new Dictionary<string, string>
                {
                    ["AWS_ACCESS_KEY_ID"] = key.AccessKeyId,
                    ["AWS_SECRET_ACCESS_KEY"] = key.SecretAccessKey,
                    ["AWS_EC2_METADATA_DISABLED"] = "true",
                    ["NODE_NO_WARNINGS"] = "1",
                });
        }
        finally
        {
            File.Delete(script);
        }
        output.WriteLine(run.All);

        Assert.True(run.ExitCode == 0, $"The README example exited {run.ExitCode}:\n{run.All}\n--- the app's output ---\n{app.Output}");
        // It ends by paging through the rule sets: the one it created is listed.
        Assert.Contains("'inbound'", run.Output, StringComparison.Ordinal);
    }
}
