using System.Runtime.CompilerServices;

// The DATA decoder and address parser are internal; their edge cases are tested directly as well as over sockets.
[assembly: InternalsVisibleTo("MailManager.Smtp.Tests")]
