using ErFunctions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP functions get the real HttpContext, so the feed's handlers are the ones er serve runs.
builder.ConfigureFunctionsWebApplication();
builder.Services.AddErFunctions(builder.Configuration);
builder.Build().Run();
