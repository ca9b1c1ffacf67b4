// A second opinion on what tctl reads (fact B70): each `---`-separated document of stdin is decoded with
// go-yaml v2, the parser tctl's YAML-to-JSON conversion uses, its mapping keys turned into strings the way
// sigs.k8s.io/yaml does, and printed as one JSON line. Not part of the test suite (it needs Go and
// go-yaml v2 from Debian: apt-get install golang-go golang-gopkg-yaml.v2-dev); run it by hand:
//   GOPATH=/usr/share/gocode GO111MODULE=off go run scripts/goyaml/main.go < batch.yaml
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	yaml "gopkg.in/yaml.v2"
)

func jsonable(v interface{}) (interface{}, error) {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		out := map[string]interface{}{}
		for k, val := range t {
			var key string
			switch kk := k.(type) {
			case string:
				key = kk
			case int:
				key = strconv.Itoa(kk)
			case int64:
				key = strconv.FormatInt(kk, 10)
			case float64:
				key = strconv.FormatFloat(kk, 'g', -1, 32)
			case bool:
				key = strconv.FormatBool(kk)
			default:
				return nil, fmt.Errorf("unsupported map key %#v", k)
			}
			c, err := jsonable(val)
			if err != nil {
				return nil, err
			}
			out[key] = c
		}
		return out, nil
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, val := range t {
			c, err := jsonable(val)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	return v, nil
}

func main() {
	data, _ := io.ReadAll(bufio.NewReader(os.Stdin))
	docs := []string{}
	current := []string{}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "---") && (strings.TrimSpace(line[3:]) == "" || strings.HasPrefix(strings.TrimSpace(line[3:]), "#")) {
			docs = append(docs, strings.Join(current, "\n"))
			current = nil
			continue
		}
		current = append(current, line)
	}
	docs = append(docs, strings.Join(current, "\n"))
	for _, doc := range docs {
		var v interface{}
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
			fmt.Println("ERROR", err)
			continue
		}
		if v == nil {
			continue
		}
		c, err := jsonable(v)
		if err != nil {
			fmt.Println("ERROR", err)
			continue
		}
		out, err := json.Marshal(c)
		if err != nil {
			fmt.Println("ERROR", err)
			continue
		}
		fmt.Println(string(out))
	}
}
