using System.Net;

namespace MailManager.E2E.Infrastructure;

/// <summary>Probes the published app as a monitor would.</summary>
public static class ServiceProbe
{
    /// <summary>Polls /readyz until it answers 200: the endpoints listen and the message processor runs.</summary>
    public static async Task WaitUntilReadyAsync(PublishedApp app)
    {
        using HttpClient http = new() { BaseAddress = new Uri(app.BaseUrl) };
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(30));
        while (true)
        {
            using HttpResponseMessage response = await http.GetAsync("readyz", CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.False(limit.IsCancellationRequested, $"/readyz never answered 200:\n{app.Output}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
