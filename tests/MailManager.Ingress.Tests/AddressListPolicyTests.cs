using System.Diagnostics;
using System.Text;
using MailManager.Core.AddressLists;
using MailManager.Core.IngressPoints;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.AddressLists;
using MailManager.Data.TrafficPolicies;
using Xunit.Abstractions;

namespace MailManager.Ingress.Tests;

/// <summary>
/// A traffic policy that lets in only the members of an imported list of 100,000, over real sockets, while the import
/// itself runs in the background without holding up sessions on another endpoint.
/// </summary>
public sealed class AddressListPolicyTests(ITestOutputHelper output) : GatewayTest
{
    private const int Members = AddressListValidator.MaxMembers;

    [Fact]
    public async Task Only_members_of_an_imported_list_of_100000_are_accepted_and_the_import_does_not_hold_up_other_sessions()
    {
        var lists = App.Get<AddressListService>();
        var listId = (await lists.CreateAsync(new AddressListDraft { Name = "recipients" })).Id!;
        var file = new StringBuilder("address\n");
        for (var i = 0; i < Members - 1; i++)
        {
            file.Append("member").Append(i).Append("@example.org\n");
        }
        file.Append("user*@example.com\n");
        var job = await lists.CreateImportJobAsync(listId, new ImportJobDraft { Name = "directory", ImportDataFormat = ImportDataType.Csv },
            new MemoryStream(Encoding.UTF8.GetBytes(file.ToString())));

        // Another endpoint, accepting everyone, takes messages while the import runs.
        var otherId = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open });
        var other = await App.WaitForStatusAsync(otherId, IngressPointStatus.Active);
        // Warmed up first: the figures below are about the import, not this endpoint's first session.
        await SendOneAsync(other.Ports[0]);
        var done = WaitForJobAsync(lists, job.Id!);
        var watch = Stopwatch.StartNew();
        Assert.True((await lists.StartImportJobAsync(job.Id!)).Succeeded);
        var times = new List<double>();
        while (!done.IsCompleted)
        {
            var transaction = Stopwatch.StartNew();
            await SendOneAsync(other.Ports[0]);
            times.Add(transaction.Elapsed.TotalMilliseconds);
        }
        var imported = await done;
        times.Sort();
        var slowest = TimeSpan.FromMilliseconds(times.Count == 0 ? 0 : times[^1]);
        var sent = times.Count;
        output.WriteLine($"Imported {Members:N0} members in {watch.ElapsedMilliseconds:N0} ms; meanwhile {sent} messages on another endpoint, " +
            $"median {times[sent / 2]:N0} ms, 99th percentile {times[sent * 99 / 100]:N0} ms, slowest {slowest.TotalMilliseconds:N0} ms per message (connect to QUIT)");
        Assert.Equal(ImportJobStatus.Completed, imported.Status);
        Assert.Equal(Members, imported.ImportedItemsCount);
        Assert.True(sent > 0);
        // One batch holds the write lock for tens of milliseconds; a session waiting for the whole import would wait seconds.
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"A message took {slowest.TotalMilliseconds:N0} ms during the import.");

        int port = await EndpointAllowingOnlyAsync(listId);
        var firstSession = Stopwatch.StartNew();
        await using (var client = await RawSmtpClient.ConnectGreetedAsync(port))
        {
            await client.EhloAsync();
            Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.net>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<member42@example.org>")).Status);
            output.WriteLine($"First session after the change (compiling the 100,000 members): {firstSession.ElapsedMilliseconds:N0} ms to the first verdict");
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<MEMBER99998@Example.ORG>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<user+tag@example.com>")).Status);
            var refused = await client.CommandAsync("RCPT TO:<stranger@example.org>");
            Assert.Equal("550 5.7.1", refused.Status);
            Assert.DoesNotContain("list", refused.LastText, StringComparison.OrdinalIgnoreCase);
        }

        // Members changed in the console apply to the next session (the list is full: one goes, one comes).
        Assert.Equal(1, await lists.DeregisterMembersAsync(listId, ["member0@example.org"]));
        Assert.True((await lists.RegisterMemberAsync(listId, new AddressListMemberDraft { Address = "late@example.net" })).Succeeded);
        await using (var client = await RawSmtpClient.ConnectGreetedAsync(port))
        {
            await client.EhloAsync();
            Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.net>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<late@example.net>")).Status);
            Assert.Equal("550 5.7.1", (await client.CommandAsync("RCPT TO:<member0@example.org>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<member1@example.org>")).Status);
        }
    }

    private async Task<int> EndpointAllowingOnlyAsync(string listId)
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, AcceptAction.Deny);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        var policies = App.Get<TrafficPolicyService>();
        var policy = (await policies.GetAsync(endpoint.TrafficPolicyId))!;
        var saved = await policies.UpdateAsync(policy.TrafficPolicyId, new TrafficPolicyDraft
        {
            Name = policy.TrafficPolicyName,
            DefaultAction = AcceptAction.Deny,
            PolicyStatements =
            [
                new() { Action = AcceptAction.Allow, Conditions = [new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = listId } }] },
            ],
        });
        Assert.True(saved.Succeeded, saved.Errors.ToString());
        return endpoint.Ports[0];
    }

    private static async Task SendOneAsync(int port)
    {
        await using var client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.net>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<anyone@example.com>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        Assert.Equal(250, (await client.CommandAsync("Subject: during the import\r\n\r\nHello.\r\n.")).Code);
        await client.CommandAsync("QUIT");
    }

    /// <summary>The job once it has finished, woken by the worker's progress rather than by polling on a timer.</summary>
    private Task<ImportJob> WaitForJobAsync(AddressListService lists, string jobId)
    {
        var worker = App.Get<AddressListImportWorker>();
        var finished = new TaskCompletionSource<ImportJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        async void Check(string id)
        {
            if (id == jobId && await lists.GetImportJobAsync(jobId) is { IsFinished: true } job)
            {
                worker.Progressed -= Check;
                finished.TrySetResult(job);
            }
        }
        worker.Progressed += Check;
        return finished.Task.WaitAsync(TimeSpan.FromMinutes(3));
    }
}
