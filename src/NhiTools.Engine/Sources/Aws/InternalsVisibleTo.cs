// The AWS engine tests read the importer internals the live source feeds (AwsIndex, AwsInventory).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("NhiTools.Aws.Tests")]
