import { render } from "preact";

render(<p>ao dashboard</p>, document.getElementById("app")!);
