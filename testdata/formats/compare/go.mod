module hamta/testdata/formats/compare

go 1.26.8

require (
	codeberg.org/readeck/go-readability/v2 v2.1.3
	github.com/klippa-app/go-pdfium v1.21.5
	golang.org/x/net v0.61.0
	golang.org/x/text v0.44.0
	hamta v0.0.0
)

require (
	github.com/andybalholm/cascadia v1.3.3 // indirect
	github.com/go-shiori/dom v0.0.0-20230515143342-73569d674e1c // indirect
	github.com/gogs/chardet v0.0.0-20211120154057-b7413eaefb8f // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/itlightning/dateparse v0.2.1 // indirect
	github.com/jolestar/go-commons-pool/v2 v2.1.2 // indirect
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

replace hamta => ../../..
