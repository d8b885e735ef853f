using System.Globalization;
using System.Text;
using System.Text.Json;
using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

/// <summary>One case of the AWS Signature Version 4 test suite in Vectors/ (see the README there).</summary>
public sealed record SigV4TestCase(
    string Name,
    SigV4Request SignedRequest,
    string AccessKeyId,
    string SecretAccessKey,
    string Service,
    DateTimeOffset Time,
    string CanonicalRequest,
    string StringToSign)
{
    public static string Folder { get; } = RepositoryRoot.Combine("tests", "MailManager.Api.Tests", "Signing", "Vectors");

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static SigV4TestCase Load(string name)
    {
        var folder = Path.Combine(Folder, name);
        using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "context.json")));
        var root = context.RootElement;
        var credentials = root.GetProperty("credentials");
        return new SigV4TestCase(
            name,
            ParseRequest(File.ReadAllBytes(Path.Combine(folder, "header-signed-request.txt"))),
            credentials.GetProperty("access_key_id").GetString()!,
            credentials.GetProperty("secret_access_key").GetString()!,
            root.GetProperty("service").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(folder, "header-canonical-request.txt")),
            File.ReadAllText(Path.Combine(folder, "header-string-to-sign.txt")));
    }

    /// <summary>
    /// Reads a suite request: <c>METHOD target HTTP/1.1</c> (the target may hold spaces and raw UTF-8, as the suite
    /// writes it), <c>Name:value</c> lines (a line starting with whitespace folds into the one before, as HTTP/1.1
    /// obs-fold does, replaced by one space), an empty line, then the body.
    /// </summary>
    private static SigV4Request ParseRequest(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text.TrimEnd('\n') : text[..headerEnd];
        var body = headerEnd < 0 ? "" : text[(headerEnd + 2)..];
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var query = target.IndexOf('?');

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.TrimStart(' ', '\t'));
                continue;
            }

            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new SigV4Request(
            method,
            query < 0 ? target : target[..query],
            query < 0 ? "" : target[query..],
            headers,
            Encoding.UTF8.GetBytes(body));
    }

    public override string ToString() => Name;
}
