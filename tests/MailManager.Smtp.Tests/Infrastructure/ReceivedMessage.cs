using System.Text;

namespace MailManager.Smtp.Tests.Infrastructure;

/// <summary>A committed message as the test handler stored it.</summary>
public sealed record ReceivedMessage(SmtpEnvelope Envelope, byte[] Content, string QueueId)
{
    public string Text => Encoding.UTF8.GetString(Content);

    /// <summary>The message without the engine's Received header (which ends at the first line not starting with a tab).</summary>
    public string BodyWithoutTrace
    {
        get
        {
            string text = Text;
            Assert.StartsWith("Received: ", text);
            int index = 0;
            do
            {
                index = text.IndexOf("\r\n", index, StringComparison.Ordinal) + 2;
            }
            while (index < text.Length && text[index] == '\t');
            return text[index..];
        }
    }
}
